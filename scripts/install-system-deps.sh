#!/usr/bin/env bash
# System packages the tests need: Debian's Chromium for the browser tests (a browser download is impossible
# on these machines, so Playwright drives /usr/bin/chromium). Idempotent; does nothing when already there.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-system-deps: need root (or sudo) to apt-get install chromium" >&2; exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "install-system-deps: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
