#!/usr/bin/env bash
# `./camel export` of the whole gateway to camel-main, spring-boot and quarkus, as the README shows it: each
# project must build and, run with `java -jar` against a fake Ollama, answer its health probe, stream
# a chat (several SSE chunks) and run the model tests with the sequence the jar carries.
# Needs the gateway installed in the local Maven repository (mvn install; the smoke test does it).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${EXPORT_TEST_PORT:-18210}"
WORK="$PWD/target/export-test"   # the projects and their logs, kept for a look after a failure
rm -rf "$WORK" && mkdir -p "$WORK"
python3 .ci/fake-ollama.py "$((PORT + 1))" &
FAKE=$!
GATEWAY=
trap 'kill $FAKE $GATEWAY 2>/dev/null || true' EXIT
VERSION="$(mvn -B -q help:evaluate -Dexpression=project.version -DforceStdout 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g')"
failed=0
for runtime in ${EXPORT_TEST_RUNTIMES:-camel-main spring-boot quarkus}; do
  dir="$WORK/$runtime"
  ./camel export routes/*.yaml kamelets/*.kamelet.yaml application.properties --runtime="$runtime" \
    --gav=com.example:my-gateway:1.0.0 --dir="$dir" --dep="dev.llmgateway:camel-llm-gateway:$VERSION" >"$WORK/$runtime-export.log" 2>&1 \
    || { echo "export: $runtime: the export failed"; tail -20 "$WORK/$runtime-export.log"; failed=1; continue; }
  # the export adds Spring's platform-http engine, on which the front doors cannot stream (the
  # gateway then stops at start, saying so): out, as the README says. Quarkus,
  # as the README says too: the platform 3.31.1 (camel-quarkus 3.31.0, on Camel 4.17.0, the
  # gateway's; the export's default is on Camel 4.16.0), and out go camel-quarkus-platform-http
  # (Quarkus' HTTP server, refused by the gateway), camel-quarkus-vertx-websocket (WebSockets only
  # on Quarkus' HTTP port) and camel-quarkus-language (not on Maven Central)
  python3 - "$dir/pom.xml" <<'PY'
import re, sys
pom = open(sys.argv[1]).read()
for group, artifact in [("org.apache.camel.springboot", "camel-platform-http-starter"),
                        ("org.apache.camel.quarkus", "camel-quarkus-platform-http"),
                        ("org.apache.camel.quarkus", "camel-quarkus-vertx-websocket"),
                        ("org.apache.camel.quarkus", "camel-quarkus-language")]:
    pom = re.sub(r"\s*<dependency>\s*<groupId>%s</groupId>\s*<artifactId>%s</artifactId>\s*</dependency>" % (group, artifact), "", pom)
pom = re.sub(r"<quarkus.platform.version>[^<]*</quarkus.platform.version>", "<quarkus.platform.version>3.31.1</quarkus.platform.version>", pom)
open(sys.argv[1], "w").write(pom)
PY
  (cd "$dir" && mvn -B -q package -DskipTests >"$WORK/$runtime-build.log" 2>&1) \
    || { echo "export: $runtime: the project does not build"; tail -30 "$WORK/$runtime-build.log"; failed=1; continue; }
  # from the project's directory, as its user would (Spring Boot also reads ./application.properties)
  jar=target/my-gateway-1.0.0.jar
  [[ "$runtime" == quarkus ]] && jar=target/quarkus-app/quarkus-run.jar
  (cd "$dir" && AGENTS_BACKENDS_OLLAMA_BASEURL="http://127.0.0.1:$((PORT + 1))" GATEWAY_WS_PORT="$((PORT + 2))" \
    exec java -Dcamel.server.port="$PORT" -Dserver.port="$((PORT + 3))" -jar "$jar" \
    >"$WORK/$runtime-run.log" 2>&1) &
  GATEWAY=$!
  # the API, not only the health probe: on Spring Boot the server answers its probes a moment before
  # the routes are on it
  for _ in $(seq 1 90); do
    curl -sf -o /dev/null "http://localhost:$PORT/v1/models" && break
    sleep 1
  done
  health="$(curl -s -w ' %{http_code}' "http://localhost:$PORT/observe/health/live" || true)"
  chunks="$(curl -sN -m 20 "http://localhost:$PORT/v1/chat/completions" -H 'Content-Type: application/json' \
    -d '{"model":"llama3.2","stream":true,"messages":[{"role":"user","content":"Hi"}]}' | grep -c '"content":"' || true)"
  tests="$(curl -s -m 60 -X POST "http://localhost:$PORT/api/model-tests?wait=true" -H 'Content-Type: application/json' \
    -d '{}' -w ' %{http_code}' || true)"
  echo "export: $runtime: health -> $health; streamed chunks with content -> $chunks; model tests -> ${tests:0:80}… ${tests: -3}"
  if [[ "$health" == *'"status":"UP"'*' 200' && "$chunks" -ge 3 && "$tests" == *'Sequence: standard conversation'*' 200' ]]; then
    echo "export: $runtime: passed"
  else
    echo "export: $runtime: FAILED"; tail -40 "$WORK/$runtime-run.log"; failed=1
  fi
  kill "$GATEWAY"; wait "$GATEWAY" 2>/dev/null || true; GATEWAY=
done
exit $failed
