#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, from Debian's packages only:
#   mosquitto  – the real MQTT broker the MQTT tests start on 127.0.0.1
#   influxdb   – InfluxDB 1.x server the export tests start on 127.0.0.1
#   chromium   – the browser the card tests drive through playwright-core (no browser download)
#   libjemalloc2 – the allocator the add-on image runs with, for `npm run soak`
# and then, when present, scripts/setup-ha-core.sh (Home Assistant Core from PyPI in a venv).
# Idempotent: installs only what is missing. Uses sudo when not root.
set -euo pipefail

packages=(mosquitto influxdb chromium libjemalloc2)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup-test-env: all Debian test dependencies present (${packages[*]})"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup-test-env: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  # Debian may start system mosquitto/influxd services; the tests start their own on free ports.
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -x "$here/setup-ha-core.sh" ]; then "$here/setup-ha-core.sh"; fi
echo "setup-test-env: done"
