#!/usr/bin/env bash
# Debian's Chromium and ChromeDriver for the playground's browser test (PlaygroundBrowserTest).
# Test tools that download their own browser do not work here; the system packages do.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
SUDO=""
[[ "$(id -u)" -eq 0 ]] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver
