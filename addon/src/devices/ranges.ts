/**
 * Plausibility ranges, in canonical units. A value outside is a fault (a wrong entity, a unit
 * mix-up, a glitch), never a reading: it becomes an `out_of_range` missing reading.
 */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Grid meter power, W (+ import). ±50 kW covers any house connection. */
export const GRID_POWER_W: Range = { min: -50_000, max: 50_000 };
/** Cumulative energy counters, Wh (≥ 0; 10 GWh is far beyond a household meter). */
export const ENERGY_COUNTER_WH: Range = { min: 0, max: 1e10 };
export const SOC_PCT: Range = { min: 0, max: 100 };
/** Hub powers (PV, pack, AC in/out), W: directions are separate sensors, so never negative. */
export const HUB_POWER_W: Range = { min: 0, max: 5_000 };
/** Hub set-point limits (number entities), W. */
export const HUB_LIMIT_W: Range = { min: 0, max: 5_000 };
/** Plug power, W: a Schuko plug carries at most 3.68 kW; a small negative offset is sensor noise. */
export const PLUG_POWER_W: Range = { min: -50, max: 4_000 };
