#!/usr/bin/with-contenv bashio
# shellcheck shell=bash
# Starts Sunshift inside the add-on. with-contenv passes SUPERVISOR_TOKEN; Sunshift reads
# /data/options.json and the MQTT service from the Supervisor itself (one place: loadConfig).
bashio::log.info "Starting Sunshift $(bashio::addon.version 2>/dev/null || echo '')"
cd /app || exit 1
exec node /app/bin/sunshift.mjs run
