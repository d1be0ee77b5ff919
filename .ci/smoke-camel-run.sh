#!/usr/bin/env bash
# Starts the gateway exactly as the README says (./camel run routes/*.yaml), with no backend
# running, and checks that it answers: the model list (empty), an OpenAI-shaped 400, a status
# whose discovery reached the (unreachable) backends through the kamelets, readiness and metrics,
# the request metric and X-Request-Id of that 400, the playground page, and the defaults that keep
# it safe: only 127.0.0.1 without keys, pages of other sites and foreign host names refused, and
# the documented body limit (32 MiB, not Vert.x's 10 MiB); a token count estimated without a backend
# (the tokenizer is on the classpath) and a Responses API 400. Last, a setting of the wrong kind
# stops the start at once, naming it.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${SMOKE_PORT:-18080}"
LOG="$(mktemp)"
HEADERS="$(mktemp)"
BIG="$(mktemp)"
./camel run routes/*.yaml --prop=camel.server.port="$PORT" --max-seconds=240 >"$LOG" 2>&1 &
GATEWAY=$!
trap 'kill "$GATEWAY" 2>/dev/null || true; rm -f "$LOG" "$HEADERS" "$BIG"' EXIT

for _ in $(seq 1 180); do
  curl -sf -o /dev/null "http://localhost:$PORT/v1/models" && break
  if ! kill -0 "$GATEWAY" 2>/dev/null; then cat "$LOG"; echo "smoke: ./camel run exited early"; exit 1; fi
  sleep 1
done

models="$(curl -sf "http://localhost:$PORT/v1/models")"
status="$(curl -sf "http://localhost:$PORT/api/status")"
error="$(curl -s -D "$HEADERS" -w ' %{http_code}' "http://localhost:$PORT/v1/chat/completions" \
  -H 'Content-Type: application/json' -d '{"model":"x"}')"
ready="$(curl -s -w ' %{http_code}' "http://localhost:$PORT/observe/health/ready?data=true")"
scrape="$(curl -sf "http://localhost:$PORT/observe/metrics")"
metrics="$(grep -c '^camel_exchanges_total' <<<"$scrape" || true)"
request_metric="$(grep '^llm_requests_seconds_count{.*status="400"}' <<<"$scrape" || true)"
request_id="$(grep -i '^x-request-id:' "$HEADERS" | tr -d '\r' || true)"
page="$(curl -sf -H 'Accept: text/html' "http://localhost:$PORT/" | grep -o '<title>[^<]*</title>' || true)"
cross_site="$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/v1/chat/completions" \
  -H 'Origin: https://evil.example' -H 'Content-Type: text/plain' -d '{"model":"x"}')"
rebound="$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: rebind.evil.example' "http://localhost:$PORT/api/status")"
{ printf '{"model":"x","messages":[{"role":"user","content":"'; head -c 12582912 /dev/zero | tr '\0' 'a'; printf '"}]}'; } >"$BIG"
big="$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/v1/chat/completions" \
  -H 'Content-Type: application/json' --data-binary @"$BIG")"
counted="$(curl -s -D "$HEADERS" "http://localhost:$PORT/v1/messages/count_tokens" -H 'anthropic-version: 2023-06-01' \
  -H 'Content-Type: application/json' -d '{"model":"ollama/llama3.2","messages":[{"role":"user","content":"Hello, world"}]}')"
estimate="$(grep -i '^x-llm-token-count:' "$HEADERS" | tr -d '\r' || true)"
responses="$(curl -s -w ' %{http_code}' "http://localhost:$PORT/v1/responses" -H 'Content-Type: application/json' -d '{"model":"x"}')"
network_ip="$(hostname -I 2>/dev/null | awk '{print $1}')"
from_network='no network address'
if [[ -n "$network_ip" ]]; then
  from_network="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$network_ip:$PORT/v1/models" || true)"
fi
echo "smoke: cross-site text/plain POST -> $cross_site, foreign Host -> $rebound, 12 MiB body -> $big"
echo "smoke: GET /v1/models from $network_ip -> $from_network"
echo "smoke: GET / (browser) -> $page"
echo "smoke: GET /v1/models -> $models"
echo "smoke: GET /observe/health/ready -> ${ready: -200}"
echo "smoke: GET /observe/metrics -> $metrics camel_exchanges_total series"
echo "smoke: POST /v1/chat/completions without messages -> $error ($request_id)"
echo "smoke: its metric -> $request_metric"
echo "smoke: GET /api/status -> $status"
echo "smoke: POST /v1/messages/count_tokens -> $counted ($estimate)"
echo "smoke: POST /v1/responses without input -> $responses"

passed=0 failed=0
[[ "$models" == *'"object":"list"'* ]] && passed=$((passed + 1)) || failed=$((failed + 1))
[[ "$error" == *"'messages' is required"*' 400' ]] && passed=$((passed + 1)) || failed=$((failed + 1))
# discovery went through the kamelets: each backend is reachable, or unreachable with its reason
if [[ "$status" == *'"ollama":{"type":"ollama"'* && "$status" != *"failed to process the request"* ]]; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  echo "smoke: discovery failed unexpectedly; the gateway's log says:"
  grep -A 25 "failed unexpectedly" "$LOG" | head -60 || true
fi
# no backend runs here: alive, but not ready, and the backends check says so
[[ "$ready" == *'"name":"backends","status":"DOWN"'*' 503' ]] && passed=$((passed + 1)) || failed=$((failed + 1))
[[ "$metrics" -gt 0 ]] && passed=$((passed + 1)) || failed=$((failed + 1))
# the bad request was counted by outcome and given an id
[[ "$request_metric" == *'outcome="client_error"'* && "$request_id" == *': req_'* ]] \
  && passed=$((passed + 1)) || failed=$((failed + 1))
# the playground page comes out of the jar's classpath under camel run too
[[ "$page" == '<title>LLM Gateway Playground</title>' ]] && passed=$((passed + 1)) || failed=$((failed + 1))
[[ "$cross_site" == 403 && "$rebound" == 403 ]] && passed=$((passed + 1)) || failed=$((failed + 1))
# a 12 MiB chat is read (and fails for want of a backend), not refused as too large
[[ "$big" != 413 && "$big" != 000 ]] && passed=$((passed + 1)) || failed=$((failed + 1))
# no gateway key set: nothing listens on the network address
[[ "$from_network" == 000 || "$from_network" == 'no network address' ]] && passed=$((passed + 1)) || failed=$((failed + 1))
[[ "$counted" == '{"input_tokens":6}' && "$estimate" == *'estimate; tokenizer=o200k_base'* ]] \
  && passed=$((passed + 1)) || failed=$((failed + 1))
[[ "$responses" == *"'input' is required"*' 400' ]] && passed=$((passed + 1)) || failed=$((failed + 1))
bad_setting="$(timeout 60 ./camel run routes/*.yaml --prop=camel.server.port="$((PORT + 1))" \
  --prop=agents.retry.maxAttempts=abc 2>&1 || true)"
echo "smoke: ./camel run with agents.retry.maxAttempts=abc -> $(grep 'cannot' <<<"$bad_setting" || true)"
[[ "$bad_setting" == *'agents.retry.maxAttempts=abc is not a whole number of 1 or more'* ]] \
  && passed=$((passed + 1)) || failed=$((failed + 1))
# Providers enabled by their usual environment variables alone (OPENAI_API_KEY with OPENAI_BASE_URL,
# GOOGLE_API_KEY for Gemini; Anthropic without its key stays off), a backend the environment
# alone defines, and --prop with a space: a fake OpenAI answers on FAKE_PORT.
FAKE_PORT=$((PORT + 2))
python3 - "$FAKE_PORT" <<'PY' &
import http.server, json, sys
class Fake(http.server.BaseHTTPRequestHandler):
    def reply(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_GET(self):
        self.reply({"object": "list", "data": [{"id": "gpt-smoke", "object": "model", "created": 1, "owned_by": "fake"}]})
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        text = "key ok" if self.headers.get("Authorization") == "Bearer sk-smoke-key" else "wrong key"
        self.reply({"id": "chatcmpl-smoke", "object": "chat.completion", "created": 1, "model": body["model"],
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}})
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Fake).serve_forever()
PY
FAKE=$!
ENV_PORT=$((PORT + 3))
# ... with the admin API on (its store an H2 file in STORE): the chat comes with a key it made
STORE="$(mktemp -d /tmp/smoke-store-XXXXXX)"
ADMIN="Authorization: Bearer smoke-admin-0123456789"
OPENAI_API_KEY=sk-smoke-key OPENAI_BASE_URL="http://127.0.0.1:$FAKE_PORT/v1" GOOGLE_API_KEY=g-smoke-key \
  AGENTS_BACKENDS_EXTRA_BASEURL="http://127.0.0.1:$FAKE_PORT/v1" \
  GATEWAY_AUTH_ADMINKEYS=smoke-admin-0123456789 GATEWAY_STORE_DIR="$STORE" \
  ./camel run routes/*.yaml --prop camel.server.port="$ENV_PORT" --prop gateway.ws.port="$((PORT + 4))" \
  --max-seconds=120 >"$LOG" 2>&1 &
ENV_GATEWAY=$!
trap 'kill "$GATEWAY" "$ENV_GATEWAY" "$FAKE" 2>/dev/null || true; rm -rf "$LOG" "$HEADERS" "$BIG" "$STORE"' EXIT
for _ in $(seq 1 120); do
  curl -sf -o /dev/null -H "$ADMIN" "http://localhost:$ENV_PORT/v1/models" && break
  sleep 1
done
made="$(curl -s "http://localhost:$ENV_PORT/admin/keys" -H "$ADMIN" -d '{"name":"smoke","models":["openai/*"]}' || true)"
key="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])' <<<"$made" 2>/dev/null || true)"
from_env="$(curl -s "http://localhost:$ENV_PORT/v1/chat/completions" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $key" -d '{"model":"openai/gpt-smoke","messages":[{"role":"user","content":"Hi"}]}' || true)"
env_status="$(curl -s -H "$ADMIN" "http://localhost:$ENV_PORT/api/status" || true)"
usage="$(curl -s -H "$ADMIN" "http://localhost:$ENV_PORT/admin/usage?groupBy=key,model" || true)"
echo "smoke: a key of the admin API -> ${key:0:9}… $(ls "$STORE"); its usage -> $usage"
[[ "$key" == sk-gw-* && -f "$STORE/llm-gateway.mv.db" \
   && "$usage" == *'"key":"smoke","model":"gpt-smoke","requests":1,"tokensIn":1,"tokensOut":2'* ]] \
  && passed=$((passed + 1)) || failed=$((failed + 1))
echo "smoke: OPENAI_API_KEY only, openai/gpt-smoke -> $from_env"
echo "smoke: its status -> $env_status"
[[ "$from_env" == *'"content":"key ok"'* ]] && passed=$((passed + 1)) || failed=$((failed + 1))
# openai and extra are enabled, from the environment, at the fake; the key is nowhere
from_where="$(python3 -c 'import json,sys; b=json.load(sys.stdin)["backends"]
print(" ".join(n+"="+b[n]["settingsFrom"]+("/disabled" if b[n].get("disabled") else "")+"@"+b[n]["baseUrl"] for n in ("openai","extra","gemini")), "anthropic" in b)' \
  <<<"$env_status" 2>&1 || true)"
echo "smoke: where their settings came from -> $from_where"
[[ "$from_where" == "openai=environment@http://127.0.0.1:$FAKE_PORT/v1 extra=environment@http://127.0.0.1:$FAKE_PORT/v1 gemini=environment@https://generativelanguage.googleapis.com False" \
   && "$env_status" != *sk-smoke-key* && "$env_status" != *g-smoke-key* ]] && passed=$((passed + 1)) || failed=$((failed + 1))
# Settings checked at start: a mistyped key is named with the setting it most likely means, and a
# kamelet missing from the directory named for kamelets stops the start (no other copy stands in)
NO_KAMELETS="$(mktemp -d /tmp/no-kamelets-XXXXXX)"   # no dot: Camel reads a dotted name as a file's extension
refused="$(timeout 120 ./camel run routes/*.yaml --local-kamelet-dir="$NO_KAMELETS" --prop=camel.server.port=$((PORT + 5)) \
  --prop=gateway.ws.port=$((PORT + 6)) --prop=agents.retry.maxAtempts=2 --max-seconds=30 2>&1; echo "exit=$?")"
rmdir "$NO_KAMELETS"
echo "smoke: without its kamelets -> $(grep -m1 'cannot start' <<<"$refused" || true) $(tail -1 <<<"$refused")"
[[ "$refused" == *"agents.retry.maxAtempts (did you mean agents.retry.maxAttempts?)"* \
   && "$refused" == *"The gateway cannot start. Resource not found: file:$NO_KAMELETS/llm-chat-sink.kamelet.yaml"* \
   && "$refused" != *"exit=0" && "$refused" != *"exit=124" ]] \
  && passed=$((passed + 1)) || failed=$((failed + 1))
echo "smoke: $passed passed, $failed failed"
[[ $failed -eq 0 ]] || { tail -50 "$LOG"; exit 1; }
