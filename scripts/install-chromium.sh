#!/usr/bin/env bash
# Install Debian's chromium and CJK fonts for the browser tests, when missing (idempotent).
# Playwright drives it at /usr/bin/chromium; its own browser download is not used.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -i "cjk" >/dev/null; then
  exit 0
fi
run() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
  echo "install-chromium: need root or sudo to install Debian's chromium" >&2; exit 1; fi; }
echo "install-chromium: installing Debian's chromium and CJK fonts ..." >&2
run apt-get update -qq
DEBIAN_FRONTEND=noninteractive run apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
/usr/bin/chromium --version >&2
