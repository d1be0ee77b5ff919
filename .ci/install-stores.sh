#!/usr/bin/env bash
# Debian's PostgreSQL and Redis servers for the store's tests (dev.llmgateway.store.PostgresServer
# and RedisServer start their own instances from these binaries; no service is started here).
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null && [[ -x /usr/bin/redis-server ]]; then
  exit 0
fi
SUDO=""
[[ "$(id -u)" -eq 0 ]] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql redis-server
