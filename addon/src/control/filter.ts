/**
 * Load filter for the fast loop (fed with grid + observed hub power, i.e. the household load, so
 * the hub's own steps do not pass through it): a median of the last three samples (drops
 * one-sample spikes such as a fridge compressor start, Zendure-HA #566) followed by an
 * exponential moving average with a time constant, so the result does not depend on how often
 * the meter reports.
 */
export interface GridFilterState {
  readonly recentW: readonly number[];
  readonly filteredW: number | null;
  readonly atMs: number | null;
}

export const initialGridFilter: GridFilterState = { recentW: [], filteredW: null, atMs: null };

/**
 * Feed one meter sample (W) taken at `atMs`. `timeConstantMs` ≥ 0; 0 disables smoothing.
 * Samples older than the last one are ignored (out-of-order delivery after a reconnect).
 */
export function updateGridFilter(state: GridFilterState, sampleW: number, atMs: number, timeConstantMs: number): GridFilterState {
  if (state.atMs !== null && atMs < state.atMs) return state;
  const recentW = [...state.recentW, sampleW].slice(-3);
  const medianW = median(recentW);
  if (state.filteredW === null || state.atMs === null || timeConstantMs <= 0) {
    return { recentW, filteredW: medianW, atMs };
  }
  const dtMs = atMs - state.atMs;
  const alpha = 1 - Math.exp(-dtMs / timeConstantMs);
  return { recentW, filteredW: state.filteredW + alpha * (medianW - state.filteredW), atMs };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? 0;
  if (sorted.length % 2 === 1) return hi;
  const lo = sorted[mid - 1] ?? hi;
  return (lo + hi) / 2;
}
