/**
 * A year of 15-minute slots for the planner benchmark. Sources (../shared/data):
 * emhass/long_train_data.csv (load, PV, logged PV forecast; 30 min, held for 15 min) and
 * prices/awattar-at-epex-dayahead-hourly-2017-2026.csv (AT day-ahead, held per hour).
 */
import { readFileSync } from "node:fs";
import path from "node:path";

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
const HOUR_MS = 3_600_000;

/** Retail import price: (spot + 0.20 EUR/kWh fees and taxes) · 1.19 VAT (as §3.5). */
export function importPrice(spot: number): number {
  return (spot + 0.2) * 1.19;
}

/** Export price: the day-ahead spot itself (≤ import for any spot above −1.25 EUR/kWh). */
export function exportPrice(spot: number): number {
  return Math.min(spot, importPrice(spot));
}

function readPrices(dataDir: string): Map<number, number> {
  const text = readFileSync(path.join(dataDir, "prices/awattar-at-epex-dayahead-hourly-2017-2026.csv"), "utf8");
  const map = new Map<number, number>();
  for (const line of text.split("\n").slice(1)) {
    const [start, , price] = line.split(",");
    if (start === undefined || price === undefined) continue;
    map.set(Date.parse(start), Number(price) / 1000);
  }
  return map;
}

/** Linear interpolation over missing cells (EMHASS's sensor_linear_interp for load). */
function fillGaps(values: (number | null)[], fallback: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) {
      out.push(v);
      continue;
    }
    let j = i + 1;
    while (j < values.length && (values[j] ?? null) === null) j++;
    const prev = out[i - 1] ?? fallback;
    const next = values[j] ?? prev;
    out.push(prev + (next - prev) / (j - i + 1));
  }
  return out;
}

/** All whole 15-minute slots that have a price; night PV gaps are 0, load gaps interpolated. */
export function loadYear(dataDir: string): YearSlot[] {
  const prices = readPrices(dataDir);
  const rows = readFileSync(path.join(dataDir, "emhass/long_train_data.csv"), "utf8").trim().split("\n").slice(1);
  const parsed = rows.map((r) => r.split(","));
  const num = (s: string | undefined): number | null => (s === undefined || s === "" ? null : Number(s));
  const load = fillGaps(parsed.map((c) => num(c[1])), 0);
  const slots: YearSlot[] = [];
  parsed.forEach((c, i) => {
    const t = Date.parse((c[0] ?? "").replace(" ", "T"));
    for (const half of [0, 1]) {
      const startMs = t + half * SLOT_MS;
      const spot = prices.get(Math.floor(startMs / HOUR_MS) * HOUR_MS);
      if (spot === undefined) continue;
      slots.push({
        startMs,
        loadW: Math.max(0, load[i] ?? 0),
        pvW: Math.max(0, (num(c[2]) ?? 0) * PV_SCALE),
        pvForecastW: Math.max(0, (num(c[3]) ?? 0) * PV_SCALE),
        spotEurPerKWh: spot,
      });
    }
  });
  return slots;
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
