#!/usr/bin/with-contenv bashio
# shellcheck shell=bash
# Starts Sunshift inside the add-on. with-contenv passes SUPERVISOR_TOKEN; Sunshift reads
# /data/options.json and the MQTT service from the Supervisor itself (one place: loadConfig).
bashio::log.info "Starting Sunshift $(bashio::addon.version 2>/dev/null || echo '')"
cd /app || exit 1
# jemalloc returns freed memory to the system; without it RSS creeps in steps (README, reliability).
# Its background thread purges freed pages on time, also in arenas of threads that went quiet;
# measured in the 30-day soak: without it two days sat +20-25 % high, with it none above +3 %.
if [ -f /usr/lib/libjemalloc.so.2 ]; then
  export LD_PRELOAD=/usr/lib/libjemalloc.so.2
  export MALLOC_CONF="${MALLOC_CONF:-background_thread:true}"
fi
exec node /app/bin/sunshift.mjs run
