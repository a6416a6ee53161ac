/** Reconnect delays: 1 s, 2 s, 4 s … capped (default 30 s). `attempt` counts failures from 1. */
export function backoffMs(attempt: number, initialMs = 1000, maxMs = 30_000): number {
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(maxMs, initialMs * 2 ** Math.min(n - 1, 30));
}
