#!/usr/bin/env bash
# Install Debian's chromium for the browser test when it is missing. Idempotent; never fatal:
# without a browser the Playwright test skips and says why.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  echo "install-chromium: chromium already present ($(command -v chromium || echo /usr/bin/chromium))"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; the browser test will skip" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "install-chromium: not root and no sudo; the browser test will skip" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-chromium: installing chromium with apt-get"
$SUDO apt-get update -qq >/dev/null 2>&1 || echo "install-chromium: apt-get update failed; trying the install anyway" >&2
if $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1 \
   || $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; then
  echo "install-chromium: installed $(chromium --version 2>/dev/null || echo chromium)"
else
  echo "install-chromium: apt-get could not install chromium; the browser test will skip" >&2
fi
exit 0
