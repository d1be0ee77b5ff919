#!/usr/bin/env bash
# Node.js and npm for the tests that drive the official Node clients (NodeClientsTest: openai-node,
# the Vercel AI SDK, ollama-js); the clients themselves come from npm (src/test/node/package-lock.json).
set -euo pipefail
if command -v node >/dev/null && command -v npm >/dev/null; then
  exit 0
fi
SUDO=""
[[ "$(id -u)" -eq 0 ]] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
