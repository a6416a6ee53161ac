#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, from Debian's packages only:
#   mosquitto  – the real MQTT broker the MQTT tests start on 127.0.0.1
# Idempotent: installs only what is missing. Uses sudo when not root.
set -euo pipefail

packages=(mosquitto)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup-test-env: all test dependencies present (${packages[*]})"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup-test-env: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a system mosquitto on 1883; the tests start their own brokers on free ports.
echo "setup-test-env: done"
