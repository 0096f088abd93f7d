#!/usr/bin/env bash
# Install Debian's headless Chromium and its WebDriver for the report's browser tests.
# Does nothing when /usr/bin/chromium and /usr/bin/chromedriver are already there.
# Needs root (apt-get); prints the reason and exits non-zero when it cannot install.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    exit 0
fi
if [[ "$(id -u)" != "0" ]]; then
    echo "install-browser.sh: need root to apt-get install chromium chromium-driver" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser.sh: apt-get not available (not a Debian-like system)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    echo "install-browser.sh: chromium installed but /usr/bin/chromium or /usr/bin/chromedriver is missing" >&2
    exit 1
fi
