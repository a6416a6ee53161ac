#!/usr/bin/with-contenv bashio
# shellcheck shell=bash
# Starts Sunshift inside the add-on. with-contenv passes SUPERVISOR_TOKEN; Sunshift reads
# /data/options.json and the MQTT service from the Supervisor itself (one place: loadConfig).
bashio::log.info "Starting Sunshift $(bashio::addon.version 2>/dev/null || echo '')"
cd /app || exit 1
# jemalloc returns freed memory to the system; without it RSS creeps in steps (README, reliability).
if [ -f /usr/lib/libjemalloc.so.2 ]; then export LD_PRELOAD=/usr/lib/libjemalloc.so.2; fi
exec node /app/bin/sunshift.mjs run
