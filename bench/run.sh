#!/usr/bin/env bash
# The benchmark: the same load DIRECT to a fake upstream and THROUGH the gateway (OpenAI dialect in
# and out), then bench/RESULTS.md. One command, a few minutes, needs only JDK 17 and Maven:
#   bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

FAST=18434      # answers at once; streams 20 chunks 20 ms apart
SLOW=18435      # streams 10 chunks 100 ms apart (the many-open-streams run)
PORT=18080
WORK="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

javac -d "$WORK" bench/FakeUpstream.java bench/LoadClient.java
load() { java -Xss512k -cp "$WORK" LoadClient "$@"; }
# nodelay: without it the JDK's HttpServer answers in two packets and every reply waits 40 ms for
# the client's delayed ACK, which would hide the gateway's own cost. maxIdleConnections: the JDK's
# HttpServer closes idle keep-alive connections beyond 200, and a client that picks one of those
# from its pool gets no answer (NoHttpResponseException), which is the fake's doing, not the gateway's
fake() { java -Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxIdleConnections=100000 -cp "$WORK" FakeUpstream "$@"; }
fake "$FAST" 20 20 >/dev/null & pids+=($!)
fake "$SLOW" 10 100 >/dev/null & pids+=($!)

started=$(date +%s.%N)
./camel run routes/*.yaml --prop=camel.server.port=$PORT --prop=gateway.ws.port=18081 \
  --prop=agents.defaultBackend=fast --prop=agents.backends.fast.baseUrl=http://127.0.0.1:$FAST/v1 \
  --prop=agents.backends.slow.baseUrl=http://127.0.0.1:$SLOW/v1 --prop=agents.discovery.period=1h \
  --prop=gateway.http.maxConnectionsPerClient=0 \
  >"$WORK/gateway.log" 2>&1 & gateway=$!; pids+=($gateway)
until curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/v1/chat/completions" -H 'Content-Type: application/json' \
      -d '{"model":"m","messages":[{"role":"user","content":"Hi"}]}'; do
  kill -0 "$gateway" 2>/dev/null || { tail -30 "$WORK/gateway.log"; exit 1; }
  sleep 0.2
done
first_answer=$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { printf "%.1f", a - b }')

DIRECT="http://127.0.0.1:$FAST/v1/chat/completions"
GATEWAY="http://127.0.0.1:$PORT/v1/chat/completions"
run() { echo "== $*" >&2; load "$@" | tee -a "$WORK/raw.txt"; }
for target in direct gateway; do
  url=$DIRECT; [[ $target == gateway ]] && url=$GATEWAY
  run latency "$url" m 3000 | sed "s/^/$target./" >>"$WORK/metrics"
  run throughput "$url" m 8 10 | sed "s/^/$target./" >>"$WORK/metrics"
  run rate "$url" m 500 6 | sed "s/^/$target./" >>"$WORK/metrics"
  run stream "$url" m 30 | sed "s/^/$target./" >>"$WORK/metrics"
done
run streams "http://127.0.0.1:$SLOW/v1/chat/completions" m 1000 | sed "s/^/direct./" >>"$WORK/metrics"
run streams "$GATEWAY" slow/m 1000 | sed "s/^/gateway./" >>"$WORK/metrics"
rss_mb=$(( $(awk '/VmHWM/ {print $2}' "/proc/$gateway/status") / 1024 ))

m() { awk -F= -v k="$1" '$1 == k {print $2}' "$WORK/metrics"; }
ms() { awk -v v="$(m "$1")" 'BEGIN { printf "%.2f", v / 1000 }'; }
added() { awk -v a="$(m "gateway.$1")" -v b="$(m "direct.$1")" 'BEGIN { printf "%.2f", (a - b) / 1000 }'; }
ratio() { awk -v a="$(m "gateway.$1")" -v b="$(m "direct.$1")" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }

cat > bench/RESULTS.md <<TABLE
# Benchmark results

$(date -u +%Y-%m-%d) on $(nproc) cores ($(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs)), $(java -version 2>&1 | head -1).
Load generator, fake upstream and gateway share these cores, so absolute numbers are pessimistic:
read the gateway's cost as the difference and the ratio to the direct run. Same client (JDK
HttpClient, HTTP/1.1), same fixed OpenAI request, same fake upstream for both columns.

| Measure | Direct | Through gateway | Added | Ratio | Target |
|---|---|---|---|---|---|
| latency p50, 1 connection (ms) | $(ms direct.latency.p50_us) | $(ms gateway.latency.p50_us) | $(added latency.p50_us) | $(ratio latency.p50_us) | added ≤ 0.2 |
| latency p99, 1 connection (ms) | $(ms direct.latency.p99_us) | $(ms gateway.latency.p99_us) | $(added latency.p99_us) | $(ratio latency.p99_us) | added ≤ 1 |
| requests/s at saturation (8 threads, 10 s) | $(m direct.throughput.rps) | $(m gateway.throughput.rps) | | $(ratio throughput.rps) | ≥ 5000 |
| p99 at saturation (ms) | $(ms direct.throughput.p99_us) | $(ms gateway.throughput.p99_us) | $(added throughput.p99_us) | $(ratio throughput.p99_us) | ≤ 10 |
| p99 at 500 requests/s for 6 s (ms) | $(ms direct.rate.p99_us) | $(ms gateway.rate.p99_us) | $(added rate.p99_us) | $(ratio rate.p99_us) | |
| stream: time to first chunk p50 (ms) | $(ms direct.ttfc.p50_us) | $(ms gateway.ttfc.p50_us) | $(added ttfc.p50_us) | | added ≤ 1 |
| stream: chunk forwarding delay p50 (ms) | $(ms direct.chunk.p50_us) | $(ms gateway.chunk.p50_us) | $(added chunk.p50_us) | | |
| stream: chunk forwarding delay p99 (ms) | $(ms direct.chunk.p99_us) | $(ms gateway.chunk.p99_us) | $(added chunk.p99_us) | | added ≤ 1 |
| 1000 open streams (10 × 100 ms): complete / failed | $(m direct.streams.complete) / $(m direct.streams.failed) | $(m gateway.streams.complete) / $(m gateway.streams.failed) | | | all complete |
| 1000 open streams: wall time (s) | $(m direct.streams.seconds) | $(m gateway.streams.seconds) | | | ≈ 1 |
| gateway peak RSS (MB, launcher defaults) | | $rss_mb | | | ≤ 512 |
| run command to first answered request (s) | | $first_answer | | | ≤ 10 |

Errors: saturation $(m direct.throughput.errors) direct / $(m gateway.throughput.errors) gateway; fixed rate $(m direct.rate.errors) / $(m gateway.rate.errors).
TABLE
cat bench/RESULTS.md
