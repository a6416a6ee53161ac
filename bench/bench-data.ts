/**
 * A year of 15-minute slots for the planner benchmark. Sources (../shared/data):
 * emhass/long_train_data.csv (load, PV, logged PV forecast; 30 min, held for 15 min) and
 * prices/awattar-at-epex-dayahead-hourly-2017-2026.csv (AT day-ahead, held per hour).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseSiteCsv, parseSpotCsv, scalePv, splitSlots, withSpot } from "../addon/src/insight/site-data.js";

export interface YearSlot {
  readonly startMs: number;
  readonly loadW: number;
  readonly pvW: number;
  readonly pvForecastW: number;
  readonly spotEurPerKWh: number;
}

/** PV scaled to a balcony system (≈1.9 kWp from the household's ≈4.7 kWp), as OPTIMIZATION.md §3.5. */
export const PV_SCALE = 0.4;
const SLOT_MS = 15 * 60_000;

/** Retail import price: (spot + 0.20 EUR/kWh fees and taxes) · 1.19 VAT (as §3.5). */
export function importPrice(spot: number): number {
  return (spot + 0.2) * 1.19;
}

/** Export price: the day-ahead spot itself (≤ import for any spot above −1.25 EUR/kWh). */
export function exportPrice(spot: number): number {
  return Math.min(spot, importPrice(spot));
}

/** All whole 15-minute slots that have a price; night PV gaps are 0, load gaps interpolated. */
export function loadYear(dataDir: string): YearSlot[] {
  const site = parseSiteCsv(readFileSync(path.join(dataDir, "emhass/long_train_data.csv"), "utf8"));
  const prices = parseSpotCsv(readFileSync(path.join(dataDir, "prices/awattar-at-epex-dayahead-hourly-2017-2026.csv"), "utf8"));
  if (!site.ok || !prices.ok) throw new Error("bench data: cannot parse the EMHASS year or the AT prices");
  const slots = scalePv(splitSlots(withSpot(site.value.slots, prices.value), SLOT_MS), PV_SCALE);
  return slots.flatMap((s) =>
    s.spotEurPerKWh === null ? [] : [{ startMs: s.startMs, loadW: s.loadW, pvW: s.pvW, pvForecastW: s.pvForecastW ?? 0, spotEurPerKWh: s.spotEurPerKWh }],
  );
}

/**
 * Load forecast from the past only: for each slot, the recency-weighted mean of the same
 * quarter-hour on the same weekday in the previous 4 weeks (weights 4:3:2:1), falling back to
 * yesterday's value when fewer weeks exist.
 */
export function loadForecast(year: readonly YearSlot[], fromIndex: number, atIndex: number): number {
  const week = 7 * 96;
  let sum = 0;
  let wsum = 0;
  for (let k = 1; k <= 4; k++) {
    const j = atIndex - k * week;
    if (j < 0 || j >= fromIndex) continue;
    const w = 5 - k;
    sum += w * (year[j]?.loadW ?? 0);
    wsum += w;
  }
  if (wsum > 0) return sum / wsum;
  let j = atIndex - 96;
  while (j >= fromIndex) j -= 96;
  return j >= 0 ? (year[j]?.loadW ?? 0) : (year[Math.max(0, fromIndex - 1)]?.loadW ?? 300);
}
