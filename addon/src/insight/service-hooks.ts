import type { EpochMs, HistoryReader, PlanRunStore, PriceSlot, Solver } from "../domain/index.js";
import { batteryModelOf, gridModelOf, type Config } from "../config/index.js";
import { localToEpochMs, wallTime } from "../sources/zoned-time.js";
import { localDays } from "./days.js";
import { rankTariffs } from "./ranking.js";
import { computeSavings, type SavingsPrices, type SavingsReport } from "./savings.js";
import type { SavingsCache } from "./savings-cache.js";
import { pricesFromPlanRuns, pricesFromTariff, savingsSensorValues, tariffSensor, type SavingsSensorValues, type TariffSensor } from "./sensors.js";
import { historySiteSlots, withSpot } from "./site-data.js";
import { pricesFromHistory, spotHistory } from "./price-history.js";
import { needsSpot, tariffOfPrices } from "./tariff.js";

/**
 * The two calls the service makes (issue 7 §1, §3): the savings sensors (every few minutes)
 * and the tariff recommendation (once a day). Both read the history store through its ports
 * and never throw for missing data.
 */

/**
 * Prices of the add-on's own tariff over [fromMs, toMs): computed for fixed/TOU, else those the
 * slow loop recorded in history (price-history.ts), then those of the stored plan runs.
 */
export function ownPrices(store: HistoryReader & PlanRunStore, config: Config, timeZone: string, fromMs: EpochMs, toMs: EpochMs): SavingsPrices {
  const tariff = tariffOfPrices(config.prices);
  return needsSpot(tariff) ? pricesFromHistory(store, fromMs, toMs, () => planRunPrices(store)) : pricesFromTariff(tariff, [], timeZone);
}

/** Per store: the prices of its last 1 000 plan runs, parsed once (≈ 10 days of runs; tens of ms). */
const olderRunPrices = new WeakMap<PlanRunStore, SavingsPrices>();

/**
 * Prices from the stored plan runs, for the quarters the price history lacks: the minutes of a
 * quarter before its first run, and the time before the history existed (an upgrade). The
 * newest run is read each time; the older ones once per process, since they no longer change.
 */
function planRunPrices(store: PlanRunStore): SavingsPrices {
  let older = olderRunPrices.get(store);
  if (older === undefined) {
    older = pricesFromPlanRuns(store.planRuns(1_000));
    olderRunPrices.set(store, older);
  }
  const latest = store.latestPlanRun();
  const newest = pricesFromPlanRuns(latest === null ? [] : [latest]);
  const base = older;
  return (slots) => {
    const a = newest(slots);
    const b = base(slots);
    const pick = (x: Float64Array, y: Float64Array): Float64Array => x.map((v, i) => (Number.isNaN(v) ? (y[i] ?? NaN) : v));
    return { importEurPerKWh: pick(a.importEurPerKWh, b.importEurPerKWh), exportEurPerKWh: pick(a.exportEurPerKWh, b.exportEurPerKWh) };
  };
}

/** Local midnight at or before `atMs`. */
export function startOfLocalDay(atMs: EpochMs, timeZone: string): EpochMs {
  const w = wallTime(atMs, timeZone);
  return localToEpochMs(timeZone, w.year, w.month, w.day);
}

/** Local midnight starting the month that contains `nowMs`. */
export function startOfLocalMonth(nowMs: EpochMs, timeZone: string): EpochMs {
  const w = wallTime(nowMs, timeZone);
  return localToEpochMs(timeZone, w.year, w.month, 1);
}

/**
 * The savings report from the start of this month until now, and the sensor values for today
 * and this month. Call it every few minutes (it reads at most a month of 15-min buckets).
 */
export function savingsNow(store: HistoryReader & PlanRunStore, config: Config, nowMs: EpochMs, timeZone: string, cache?: SavingsCache): { readonly report: SavingsReport; readonly sensors: SavingsSensorValues } {
  const site = { battery: batteryModelOf(config.battery), grid: gridModelOf(config.planner) };
  const fromMs = startOfLocalMonth(nowMs, timeZone);
  const prices = ownPrices(store, config, timeZone, fromMs, nowMs);
  const range = { fromMs, toMs: nowMs };
  const report = cache === undefined ? computeSavings(store, site, prices, range, timeZone) : cache.report(store, site, prices, range, timeZone);
  return { report, sensors: savingsSensorValues(report, nowMs, timeZone) };
}

export type Recommendation =
  | { readonly kind: "ranked"; readonly sensor: TariffSensor; readonly skipped: readonly string[] }
  | { readonly kind: "off" }
  | { readonly kind: "too_little_data"; readonly days: number }
  | { readonly kind: "no_candidates"; readonly skipped: readonly string[] };

/**
 * The tariff recommendation over the last 365 days of history (at least 30 complete days).
 * Candidates that need day-ahead prices are ranked only when `spot` covers the history; the
 * others are named in `skipped`. CPU: one 48-hour LP per day and candidate (≈ 25 s for a year
 * of four candidates on a loaded 2-core machine): run it once a day, off the fast loop's path.
 */
export function recommendTariff(store: HistoryReader, config: Config, nowMs: EpochMs, timeZone: string, solver: Solver, spot?: readonly PriceSlot[]): Recommendation {
  if (!config.tariffs.enabled) return { kind: "off" };
  const fromMs = nowMs - 365 * 86_400_000;
  const slots = withSpot(historySiteSlots(store, fromMs, nowMs), spot ?? spotHistory(store, fromMs, nowMs));
  const days = localDays(slots, timeZone).filter((d) => d.complete).length;
  if (days < 30) return { kind: "too_little_data", days };
  const spotCovered = slots.every((s) => s.spotEurPerKWh !== null);
  const usable = config.tariffs.candidates.filter((t) => spotCovered || !needsSpot(t));
  const skipped = config.tariffs.candidates.filter((t) => !usable.includes(t)).map((t) => t.name);
  if (usable.length === 0) return { kind: "no_candidates", skipped };
  const ranking = rankTariffs(slots, usable, { battery: batteryModelOf(config.battery), grid: gridModelOf(config.planner), timeZone }, solver);
  return { kind: "ranked", sensor: tariffSensor(ranking), skipped };
}
