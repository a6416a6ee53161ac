#!/usr/bin/env bash
# Installs Home Assistant Core from PyPI into .venv/ha-core for the real-HA test suite
# (tests/real-ha, started by tests/support/ha-core.ts with `hass --skip-pip`, so nothing is
# downloaded at test time).
#
# homeassistant is pinned to exactly 2024.3.3 on purpose: 2024.4 dropped Python 3.11 (2024.3
# itself logs "Support for the running Python version 3.11.7 is deprecated and will be removed
# in Home Assistant 2024.4"), and this machine and CI have Python 3.11, so 2024.3.x is the last
# release line that runs here.
#
# Besides Core it installs the requirements of every integration HA will load for the test
# configuration: the configured ones, HA's always-loaded defaults (frontend, person, backup, …),
# every MQTT platform, and their dependencies and after-dependencies, read from the installed
# manifests and pinned by HA's own package_constraints.txt (e.g. paho-mqtt==1.6.1 for mqtt,
# home-assistant-frontend==20240307.0, Pillow for person). `hass --skip-pip` then starts offline.
#
# Idempotent: a marker file records what was installed (the version and this script's hash);
# a second run returns at once. A fresh install takes 2–7 minutes (downloads dominate).
# PYTHON overrides the interpreter (default python3; it must be Python 3.11).
set -euo pipefail

HA_VERSION="2024.3.3"
# Integrations the generated configuration.yaml names (tests/support/ha-core.ts core part,
# tests/real-ha/standins.ts entities) plus the entity platforms. Keep in step with those files.
CONFIGURED="http api websocket_api config auth onboarding lovelace template input_number input_boolean input_select input_text mqtt sensor binary_sensor switch light number select button event"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv/ha-core"
marker="$venv/.sunshift-ha-core"
# The marker holds this script's hash: editing the pins or the list re-runs the install.
want="homeassistant==$HA_VERSION; $(sha256sum "${BASH_SOURCE[0]}" | cut -d" " -f1)"

if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ] && [ -x "$venv/bin/hass" ]; then
  echo "setup-ha-core: Home Assistant Core $HA_VERSION already installed in .venv/ha-core"
  exit 0
fi

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)'; then
  echo "setup-ha-core: needs Python 3.11 for homeassistant==$HA_VERSION (found $("$python" --version 2>&1)); set PYTHON" >&2
  exit 1
fi

started=$(date +%s)
echo "setup-ha-core: installing homeassistant==$HA_VERSION into .venv/ha-core (takes a few minutes once)"
rm -f "$marker"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
# josepy: acme 2.8 (via hass-nabucasa, which HA's http middleware imports on every request)
# does not cap it, and josepy 2.x removed ComparableX509, so every request fails with a 500.
"$venv/bin/pip" install --quiet --disable-pip-version-check "homeassistant==$HA_VERSION" "josepy==1.14.0"

# The requirements of the integrations HA will set up, following manifest dependencies.
requirements="$("$venv/bin/python" - "$CONFIGURED" <<'PY'
import json, sys
from pathlib import Path
import homeassistant
from homeassistant import bootstrap
from homeassistant.components.mqtt.const import PLATFORMS as MQTT_PLATFORMS

components = Path(homeassistant.__file__).parent / "components"
todo = set(sys.argv[1].split())
todo |= bootstrap.CORE_INTEGRATIONS | bootstrap.DEFAULT_INTEGRATIONS | {"logger", "system_log"}
# An MQTT config entry sets up every MQTT platform (camera among them), and camera imports
# stream at module level without declaring it.
todo |= {str(p) for p in MQTT_PLATFORMS} | {"stream"}
seen, reqs = set(), set()
while todo:
    domain = todo.pop()
    if domain in seen:
        continue
    seen.add(domain)
    manifest = json.loads((components / domain / "manifest.json").read_text())
    reqs.update(manifest.get("requirements", []))
    # after_dependencies too: some integrations import them at module level
    # (analytics imports recorder, which needs SQLAlchemy).
    todo.update(manifest.get("dependencies", []))
    todo.update(manifest.get("after_dependencies", []))
print("\n".join(sorted(reqs)))
PY
)"
constraints="$("$venv/bin/python" -c 'import homeassistant, pathlib; print(pathlib.Path(homeassistant.__file__).parent / "package_constraints.txt")')"
echo "setup-ha-core: integration requirements:" $requirements
# shellcheck disable=SC2086 # one requirement per word
"$venv/bin/pip" install --quiet --disable-pip-version-check -c "$constraints" $requirements

echo "$want" > "$marker"
echo "setup-ha-core: done in $(( $(date +%s) - started )) s"
