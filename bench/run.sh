#!/usr/bin/env bash
# The benchmark: the gateway beside a peer (Portkey's AI gateway, on Node) and the floor (nginx as a
# plain reverse proxy), all on one fake upstream, then bench/RESULTS.md. Latency and throughput are
# medians of RUNS runs after a warm-up; the streaming runs go through the gateway only.
#   bash bench/run.sh                       # RUNS=3, WARMUP=60 (s per target), about fifteen minutes
# Needs a JDK 21+ (picked as ./camel does) and Maven; the peers come from npm (@portkey-ai/gateway,
# into bench/.peers) and Debian (nginx), and are left out, with a note, where they cannot be had.
set -euo pipefail
cd "$(dirname "$0")/.."
HERE=.camel; source .camel/pick-java.sh; pick_java
[[ "$JAVA_VERSION" -ge 21 ]] || { echo "bench/run.sh needs JDK 21 or later (found $JAVA_VERSION)"; exit 1; }
JAVA="$JAVA_BIN" JAVAC="$(dirname "$JAVA_BIN")/javac"
RUNS="${RUNS:-3}" WARMUP="${WARMUP:-60}"
FAST=18434 SLOW=18435 PORT=18080 WS=18081 NGINX=18436 PORTKEY=18787 RELAY=18437 RELAY_SLOW=18438 KEYS_PORT=18090 KEYS_WS=18091
WORK="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
# 10,000 streams are 20,000 sockets in the gateway, 10,000 in the client and in the fake upstream
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[[ "$(ulimit -n)" -ge 65536 ]] || { ulimit -Hn 65536 && ulimit -n 65536; } 2>/dev/null || true
say() { echo "== $*" >&2; }

"$JAVAC" -d "$WORK" bench/FakeUpstream.java bench/LoadClient.java
load() { "$JAVA" -cp "$WORK" LoadClient "$@"; }
# nodelay: without it the JDK's HttpServer answers in two packets and every reply waits 40 ms for
# the client's delayed ACK. maxIdleConnections: the JDK's HttpServer closes idle keep-alive
# connections beyond 200, and a client that picks one of those from its pool gets no answer.
# exec: started with &, the function's subshell becomes the JVM, so $! is the JVM and cleanup stops it
fake() { exec "$JAVA" -Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxIdleConnections=100000 -cp "$WORK" FakeUpstream "$@"; }
fake "$FAST" 20 20 >/dev/null & pids+=($!); fast_pid=$!   # answers at once; streams 20 chunks 20 ms apart
fake "$SLOW" 20 500 >/dev/null & pids+=($!)       # streams 20 chunks 500 ms apart: 10 s per stream

# a warm machine: one untimed start and stop first builds the jar if needed and leaves the run
# command's class-data archive current (the JVM writes it as it exits)
./camel run --port=$PORT --prop=gateway.ws.port=$WS --prop=agents.discovery.period=1h >"$WORK/first.log" 2>&1 & first=$!
until curl -s -o /dev/null "http://127.0.0.1:$PORT/api/version"; do
  kill -0 "$first" 2>/dev/null || { tail -30 "$WORK/first.log"; exit 1; }
  sleep 0.1
done
kill "$first"; wait "$first" || true

started=$(date +%s.%N)
./camel run --port=$PORT --prop=gateway.ws.port=$WS \
  --prop=agents.defaultBackend=fast --prop=agents.backends.fast.baseUrl=http://127.0.0.1:$FAST/v1 \
  --prop=agents.backends.slow.baseUrl=http://127.0.0.1:$SLOW/v1 --prop=agents.discovery.period=1h \
  --prop=gateway.http.maxConnectionsPerClient=0 --prop=gateway.http.maxConcurrentChats=20000 \
  --prop=gateway.ws.maxConcurrentChats=2000 \
  >"$WORK/gateway.log" 2>&1 & gateway=$!; pids+=($gateway)
until curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/v1/chat/completions" -H 'Content-Type: application/json' \
      -d '{"model":"m","messages":[{"role":"user","content":"Hi"}]}'; do
  kill -0 "$gateway" 2>/dev/null || { tail -30 "$WORK/gateway.log"; exit 1; }
  sleep 0.1
done
first_answer=$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { printf "%.1f", a - b }')

# --- the same gateway with a key of the admin API: its policy checked, its minute counted, its
# budget read and a ledger row queued for every request (the store an H2 file in $WORK)
./camel run --port=$KEYS_PORT --prop=gateway.ws.port=$KEYS_WS \
  --prop=agents.defaultBackend=fast --prop=agents.backends.fast.baseUrl=http://127.0.0.1:$FAST/v1 --prop=agents.discovery.period=1h \
  --prop=gateway.http.maxConnectionsPerClient=0 --prop=gateway.http.maxConcurrentChats=20000 \
  --prop=gateway.auth.adminKeys=bench-admin-key --prop=gateway.store.dir="$WORK/store" \
  >"$WORK/keys.log" 2>&1 & keyed=$!; pids+=($keyed)
until curl -sf -o /dev/null -H 'Authorization: Bearer bench-admin-key' "http://127.0.0.1:$KEYS_PORT/admin/keys"; do
  kill -0 "$keyed" 2>/dev/null || { tail -30 "$WORK/keys.log"; exit 1; }
  sleep 0.1
done
bench_key=$(curl -s "http://127.0.0.1:$KEYS_PORT/admin/keys" -H 'Authorization: Bearer bench-admin-key' -d '{"name":"bench",
  "models":["fast/*"],"limits":{"requestsPerMinute":100000000,"tokensPerMinute":1000000000000},
  "budget":{"tokensPerDay":1000000000000,"costPerMonth":1000000}}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
[[ "$bench_key" == sk-gw-* ]] || { echo "the admin API made no key: $bench_key"; exit 1; }

# --- the peers ------------------------------------------------------------------------------
targets=(direct gateway keys)
declare -A url=([direct]="http://127.0.0.1:$FAST/v1/chat/completions" [gateway]="http://127.0.0.1:$PORT/v1/chat/completions"
                [keys]="http://127.0.0.1:$KEYS_PORT/v1/chat/completions")
declare -A headers=([keys]="Authorization:Bearer $bench_key")
declare -A pid=([direct]=$fast_pid [gateway]=$gateway [keys]=$keyed)   # whose CPU time per request is measured
if ! command -v nginx >/dev/null && [[ $EUID -eq 0 ]]; then
  say "installing nginx (Debian)"; apt-get install -y -qq nginx >/dev/null 2>&1 || true
fi
if command -v nginx >/dev/null; then
  cat > "$WORK/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/nginx.pid; error_log $WORK/nginx-error.log;
events { worker_connections 30000; }
http {
  access_log off;
  upstream fake { server 127.0.0.1:$FAST; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX;
    location / { proxy_pass http://fake; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }
  }
}
CONF
  nginx -c "$WORK/nginx.conf" -p "$WORK" & pids+=($!)
  targets+=(nginx); url[nginx]="http://127.0.0.1:$NGINX/v1/chat/completions"
else
  say "no nginx: its column is left out"
fi
PORTKEY_DIR=bench/.peers
if [[ ! -f "$PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" ]] && command -v npm >/dev/null; then
  say "installing @portkey-ai/gateway into $PORTKEY_DIR"
  mkdir -p "$PORTKEY_DIR" && (cd "$PORTKEY_DIR" && npm install --no-audit --no-fund --silent @portkey-ai/gateway@1.15.2) || true
fi
if [[ -f "$PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" ]]; then
  node "$PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" --port=$PORTKEY >/dev/null 2>&1 & pids+=($!)
  pid[portkey]=$!
  targets+=(portkey); url[portkey]="http://127.0.0.1:$PORTKEY/v1/chat/completions"
  headers[portkey]="x-portkey-provider:openai;x-portkey-custom-host:http://127.0.0.1:$FAST/v1;Authorization:Bearer unused"
else
  say "no Portkey gateway: its column is left out"
fi
# the JVM floor: the gateway's own Vert.x and Jackson relaying on the event loop, nothing else
"$JAVAC" -cp "$(cat .camel/runtime.classpath)" -d "$WORK" bench/EventLoopRelay.java
"$JAVA" -Xmx768m -cp "$WORK:$(cat .camel/runtime.classpath)" EventLoopRelay "$RELAY" "$FAST" >/dev/null 2>&1 & pids+=($!); pid[relay]=$!
"$JAVA" -Xmx768m -cp "$WORK:$(cat .camel/runtime.classpath)" EventLoopRelay "$RELAY_SLOW" "$SLOW" >/dev/null 2>&1 & pids+=($!)
targets+=(relay); url[relay]="http://127.0.0.1:$RELAY/v1/chat/completions"
sleep 3

# --- latency and throughput: medians of RUNS runs after a warm-up, every target ---------------
for target in "${targets[@]}"; do
  say "$target: $WARMUP s warm-up, then $RUNS runs"
  LOAD_HEADERS="${headers[$target]:-}" load suite "${url[$target]}" m "$RUNS" "$WARMUP" "${pid[$target]:-0}" | sed "s/^/$target./" >>"$WORK/metrics"
done

# --- streaming, direct and through the gateway ------------------------------------------------
say "streams: one at a time"
load stream "http://127.0.0.1:$FAST/v1/chat/completions" stamp 30 | sed "s/^/direct./" >>"$WORK/metrics"
load stream "${url[relay]}" stamp 30 | sed "s/^/relay./" >>"$WORK/metrics"
load stream "${url[gateway]}" stamp 30 | sed "s/^/gateway./" >>"$WORK/metrics"
say "streams: 1000 open together, started at once (lock-step chunks), then spread over the 500 ms chunk interval"
slow_relay="http://127.0.0.1:$RELAY_SLOW/v1/chat/completions"
load streams "http://127.0.0.1:$SLOW/v1/chat/completions" stamp 1000 | sed "s/^/direct./" >>"$WORK/metrics"
load streams "$slow_relay" stamp 1000 | sed "s/^/relay./" >>"$WORK/metrics"
load streams "${url[gateway]}" slow/stamp 1000 | sed "s/^/gateway./" >>"$WORK/metrics"
load streams "http://127.0.0.1:$SLOW/v1/chat/completions" stamp 1000 500 | sed "s/^/direct.spread./" >>"$WORK/metrics"
load streams "$slow_relay" stamp 1000 500 | sed "s/^/relay.spread./" >>"$WORK/metrics"
load streams "${url[gateway]}" slow/stamp 1000 500 | sed "s/^/gateway.spread./" >>"$WORK/metrics"
say "streams: 10,000 at once, half OpenAI (SSE), half Ollama (NDJSON)"
( while kill -0 "$gateway" 2>/dev/null; do awk '/^Threads/ {print $2}' "/proc/$gateway/status"; sleep 0.2; done ) \
  >"$WORK/threads" 2>/dev/null & sampler=$!
CHUNKS=20 load mixed "${url[gateway]}" "http://127.0.0.1:$PORT/api/chat" slow/m 10000 2>"$WORK/mixed.err" \
  | sed "s/^/gateway./" >>"$WORK/metrics"
kill "$sampler" 2>/dev/null || true
say "WebSocket: 1000 streams over 100 connections"
load ws "ws://127.0.0.1:$WS/ws" slow/m 1000 100 | sed "s/^/gateway./" >>"$WORK/metrics"
rss_mb=$(( $(awk '/VmHWM/ {print $2}' "/proc/$gateway/status") / 1024 ))
threads_max=$(sort -n "$WORK/threads" | tail -1)

# --- RESULTS.md ---------------------------------------------------------------------------------
m() { awk -F= -v k="$1" '$1 == k {print $2}' "$WORK/metrics"; }
median() { m "$1.$2"; }   # the load client reports the medians of the runs
ms() { awk -v v="$1" 'BEGIN { if (v == "") print "–"; else printf "%.3f", v / 1000 }'; }
col() { [[ " ${targets[*]} " == *" $1 "* ]] && echo "$2" || echo "–"; }
lat50() { ms "$(median "$1" latency.p50_us)"; }
lat99() { ms "$(median "$1" latency.p99_us)"; }
rps() { median "$1" throughput.rps; }
cpu() { v="$(median "$1" cpu.us_per_request)"; echo "${v:-–}"; }
added() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "–" || b == "–") print "–"; else printf "%.3f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "–"; else printf "%.2f", a / b }'; }

cat > bench/RESULTS.md <<TABLE
# Benchmark results

$(date -u +%Y-%m-%d) on $(nproc) cores ($(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs)),
gateway and clients on $("$JAVA" -version 2>&1 | head -1). Client, fake upstream, peers and gateway
share these cores: read each column beside the others, not as absolute figures. Medians of $RUNS
runs after a $WARMUP s warm-up of each target; one fixed non-streamed OpenAI chat request; nginx is a plain reverse
proxy (the floor), Portkey's gateway $(col portkey 1.15.2) is the peer, and the event-loop relay
(\`bench/EventLoopRelay.java\`: the gateway's Vert.x and Jackson relaying the request on the event
loop, with no routing at all) is the floor of a JVM design without thread hand-offs. The load
client (\`bench/LoadClient.java\`) speaks HTTP/1.1 on plain blocking sockets, a platform thread
per connection, as wrk does: with the JDK's HttpClient, whose selector thread hands every reply to
the caller's thread, the client itself added about 0.2 ms and millisecond tails to every target.

| Measure | direct | nginx | Portkey | event-loop relay | gateway | gateway added | target |
|---|---|---|---|---|---|---|---|
| latency p50, 1 connection (ms) | $(lat50 direct) | $(col nginx "$(lat50 nginx)") | $(col portkey "$(lat50 portkey)") | $(lat50 relay) | $(lat50 gateway) | $(added "$(lat50 gateway)" "$(lat50 direct)") | added ≤ 0.25 |
| latency p99, 1 connection (ms) | $(lat99 direct) | $(col nginx "$(lat99 nginx)") | $(col portkey "$(lat99 portkey)") | $(lat99 relay) | $(lat99 gateway) | $(added "$(lat99 gateway)" "$(lat99 direct)") | added ≤ 1 |
| requests/s, 16 connections | $(rps direct) | $(col nginx "$(rps nginx)") | $(col portkey "$(rps portkey)") | $(rps relay) | $(rps gateway) | gateway ÷ Portkey: $(ratio "$(rps gateway)" "$(rps portkey)") | ≥ 3 × Portkey |
| CPU time per request at 16 connections, all threads (µs) | $(cpu direct) | – | $(col portkey "$(cpu portkey)") | $(cpu relay) | $(cpu gateway) | gateway ÷ relay: $(ratio "$(cpu gateway)" "$(cpu relay)") | |

The same gateway with a key of the admin API (\`keys\`): its policy (models, limits, budget) checked,
its minute counted, its spending read and a row queued for the ledger on every request, the ledger
written to an H2 file every 2 s:

| Measure | gateway | gateway with a key | keys added | target |
|---|---|---|---|---|
| latency p50, 1 connection (ms) | $(lat50 gateway) | $(lat50 keys) | $(added "$(lat50 keys)" "$(lat50 gateway)") | ≤ 0.05 |
| latency p99, 1 connection (ms) | $(lat99 gateway) | $(lat99 keys) | $(added "$(lat99 keys)" "$(lat99 gateway)") | |
| requests/s, 16 connections | $(rps gateway) | $(rps keys) | | |
| CPU time per request at 16 connections, all threads (µs) | $(cpu gateway) | $(cpu keys) | | |

Streams ("direct" is the same load on the fake upstream; the event-loop relay passes a streamed
reply through byte for byte, the least a relay on the same JVM and libraries does; one stream at a
time on the fast upstream, 1,000 on the slow one):

| Measure | direct | event-loop relay | gateway | target |
|---|---|---|---|---|
| time to first chunk p50, one stream at a time (ms) | $(ms "$(m direct.ttfc.p50_us)") | $(ms "$(m relay.ttfc.p50_us)") | $(ms "$(m gateway.ttfc.p50_us)") | |
| chunk forwarding delay p99, one stream at a time (ms) | $(ms "$(m direct.chunk.p99_us)") | $(ms "$(m relay.chunk.p99_us)") | $(ms "$(m gateway.chunk.p99_us)") | |
| chunk forwarding delay p99, 1,000 streams open, in lock-step: each interval all 1,000 chunks at one instant (ms) | $(ms "$(m direct.streams.chunk.p99_us)") | $(ms "$(m relay.streams.chunk.p99_us)") | $(ms "$(m gateway.streams.chunk.p99_us)") | |
| chunk forwarding delay p50, 1,000 streams open, spread over the chunk interval as independent users' streams are (ms) | $(ms "$(m direct.spread.streams.chunk.p50_us)") | $(ms "$(m relay.spread.streams.chunk.p50_us)") | $(ms "$(m gateway.spread.streams.chunk.p50_us)") | |
| chunk forwarding delay p99, the same (ms) | $(ms "$(m direct.spread.streams.chunk.p99_us)") | $(ms "$(m relay.spread.streams.chunk.p99_us)") | $(ms "$(m gateway.spread.streams.chunk.p99_us)") | added ≤ 0.5 |
| 10,000 streams at once (20 chunks over 10 s), half SSE, half NDJSON: complete / failed / not byte-exact | | | $(m gateway.mixed.complete) / $(m gateway.mixed.failed) / $(m gateway.mixed.inexact) | all complete, byte-exact |
| … their wall time (s) | | | $(m gateway.mixed.seconds) | ≈ 10 |
| … gateway threads, most during the run | | | $threads_max | ≤ 200 |
| … open-file limit of the run (each stream is two sockets in the gateway; a socket it cannot open is a 502) | | | $(ulimit -n) | above 20,000 |
| gateway peak RSS (MB) | | | $rss_mb | ≤ 1024 |
| 1,000 WebSocket streams over 100 connections: done / errors | | | $(m gateway.ws.done) / $(m gateway.ws.errors) | all done |
| run command to first answered request (s) | | | $first_answer | ≤ 5 |

## How a stream waits: on the event loop, decided by measuring

platform-http runs every exchange to its end on a Vert.x worker (\`executeBlocking\`, whatever the
producers do), so a thread per open stream was the gateway's unit of concurrency. The first way out
was the same blocking route on virtual threads: 2,000 streams of 10 s on this machine took 2,024
JVM threads, 581 MB and 68 s with a pool of platform threads, and 28 threads, 407 MB and 19.6 s on
virtual threads (Vert.x's \`ExecutorServiceFactory\`). It left the added latency at 0.5 ms and
more (two thread hand-offs per request, and the blocking client's wake-ups), against 0.07-0.12 ms
for \`bench/EventLoopRelay.java\`. So the chat front doors now run on the event loop that received
the request (\`EventLoopHttpEngine\`, Camel's asynchronous routing), the backend is called on
Vert.x's non-blocking HTTP client (the \`llm-upstream\` component), the circuit breaker and the
fallbacks wait for nothing, and a reply is pushed chunk by chunk with backpressure. The run above
has 10,000 HTTP streams on $threads_max threads in $rss_mb MB, on any JDK. A WebSocket chat is
handed from the worker that camel-vertx-websocket runs its frame on to an event loop at once, and
its frames are written without waiting, so WebSocket streams hold no thread either. The other
routes (status, discovery, model tests) run on workers: virtual threads on JDK 21+, a pool on JDK 17.
Each HTTP server of the gateway serves its connections on as many event loops as there are cores
(a Vert.x server created outside a verticle uses one).

## Where the tails of the stream measures come from

The event-loop relay passes streamed bytes through and does nothing else, yet its chunk-forwarding
delay at the 99th percentile with 1,000 streams is milliseconds too, as the gateway's is: on two
cores shared by the load client, the upstream, the relay or the gateway and its JIT and collector,
a chunk that crosses one more TCP hop between processes waits, now and then, for a core (a write to
a loopback socket runs the receiver's network stack and wakes its reader). Java Flight Recorder saw
the gateway's non-blocking socket writes take 1-3 ms at such moments; the collector's pauses are
rarer (one of 10-40 ms every 7-30 s under this load). The relay's column is the floor of that
cost; the gateway's own work per chunk is the difference of the medians. The load client reads
all streams on one selector thread: with a thread per stream, its own wake-ups preempted the
processes being measured and made the tails of every column several times longer.
TABLE
cat bench/RESULTS.md
