#!/usr/bin/env bash
# `npm run soak -- [--days 30] [--speed N]`: builds, then runs `sunshift soak` with the allocator
# the add-on image runs with (jemalloc, preloaded as rootfs/run.sh does) when this machine has it
# (Debian: libjemalloc2, installed by setup-test-env). The soak's first line names the allocator.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
node scripts/build.mjs
for lib in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 /usr/lib/libjemalloc.so.2; do
  if [ -f "$lib" ]; then export LD_PRELOAD="$lib"; break; fi
done
# As rootfs/run.sh: jemalloc's background thread purges freed pages on time, also in arenas of
# threads that went quiet (without it, two soak days sat +20-25 % high; with it none above +3 %).
if [ -n "${LD_PRELOAD:-}" ]; then
  export MALLOC_CONF="${MALLOC_CONF:-background_thread:true}"
else
  echo "soak: no libjemalloc.so.2 found; running with the C library's malloc (RSS creeps in steps with it)" >&2
fi
exec node bin/sunshift.mjs soak "$@"
