import type { BatteryModel, EpochMs, GridModel, HistoryReader, PlannerSlotInput } from "../domain/index.js";
import { contiguousRuns, localDays } from "./days.js";
import { billEur, tally, ZERO_TOTALS, addTotals, type Totals } from "./ledger.js";
import { replay, type ExecutedSlot } from "./replay.js";
import { historySiteSlots, type SiteSlot } from "./site-data.js";
import type { SlotPrices } from "./tariff.js";

/**
 * Savings against a true counterfactual (issue 7 §1, ANCHORS §3 item 10): for every local day,
 * what the household actually paid (metered grid power), what it would have paid with the
 * battery absent (same load and PV) and with a plain self-consumption battery (same hardware,
 * the planner's rules without grid charging, simulated over the same slots from the day's
 * actual starting SOC). The optimiser's share is the plain battery's cost minus the actual cost.
 * Stored energy that a day leaves behind (or uses up) is valued at the battery's terminal value
 * so a day that ends fuller is not counted as a loss.
 */

/** Prices for the slots asked (NaN where unknown); built from a tariff or from stored plan runs. */
export type SavingsPrices = (slots: readonly SiteSlot[]) => SlotPrices;

export interface SavingsSite {
  readonly battery: BatteryModel;
  readonly grid: GridModel;
}

/** One scenario's figures for a day or month. */
export interface ScenarioFigures {
  readonly billEur: number;
  readonly importKWh: number;
  readonly exportKWh: number;
  /** Change of the energy stored in the battery, kWh (DC side). */
  readonly storedChangeKWh: number;
  /** bill − stored change × terminal value: the figure the savings compare. */
  readonly costEur: number;
}

export interface PeriodSavings {
  /** YYYY-MM-DD for days, YYYY-MM for months (local). */
  readonly period: string;
  /** 15-min slots with data and prices (96 for a whole day). */
  readonly slots: number;
  readonly actual: ScenarioFigures;
  readonly noBattery: ScenarioFigures;
  readonly selfConsumption: ScenarioFigures;
  /** noBattery.costEur − actual.costEur: what battery and optimiser saved together. */
  readonly savingEur: number;
  /** selfConsumption.costEur − actual.costEur: what the optimiser added over a plain battery. */
  readonly optimizerShareEur: number;
}

export interface SavingsReport {
  readonly days: readonly PeriodSavings[];
  readonly months: readonly PeriodSavings[];
}

/** The day's slots from history: 15-min means of load and PV, with the measured grid power. */
interface HistorySlots {
  readonly slots: SiteSlot[];
  readonly gridW: number[];
  readonly socPct: Map<EpochMs, number>;
}

function readHistory(reader: HistoryReader, fromMs: EpochMs, toMs: EpochMs): HistorySlots {
  const grid = new Map(reader.aggregates("grid_w", "15m", fromMs, toMs).map((a) => [a.startMs, a.mean]));
  const slots = historySiteSlots(reader, fromMs, toMs).filter((s) => grid.has(s.startMs));
  return {
    slots,
    gridW: slots.map((s) => grid.get(s.startMs) ?? 0),
    socPct: new Map(reader.aggregates("soc_pct", "15m", fromMs, toMs).map((a) => [a.startMs, a.mean])),
  };
}

function figures(t: Totals, storedChangeKWh: number, bat: BatteryModel): ScenarioFigures {
  const bill = billEur(t);
  return { billEur: bill, importKWh: t.importKWh, exportKWh: t.exportKWh, storedChangeKWh, costEur: bill - storedChangeKWh * bat.terminalValueEurPerKWh };
}

function storedWh(bat: BatteryModel, socPct: number): number {
  return (socPct / 100) * bat.capacityWh;
}

/** The scenario slots of one contiguous run, simulated from `socStartPct`. */
function simulateRun(actual: readonly PlannerSlotInput[], site: SavingsSite, policy: "none" | "self_consumption", socStartPct: number): readonly ExecutedSlot[] {
  return replay(actual, { policy, battery: site.battery, grid: site.grid, solver: null, socStartPct, strideSlots: actual.length, horizonSlots: actual.length }).slots;
}

interface DayInput {
  readonly period: string;
  readonly actual: readonly PlannerSlotInput[];
  readonly metered: readonly ExecutedSlot[];
  readonly socStartPct: number;
  readonly socEndPct: number;
}

function daySavings(d: DayInput, site: SavingsSite): PeriodSavings {
  const bat = site.battery;
  const n = d.actual.length;
  let none = ZERO_TOTALS;
  let plain = ZERO_TOTALS;
  let plainStoredKWh = 0;
  let soc = d.socStartPct;
  for (const [a, b] of contiguousRuns(d.actual)) {
    const run = d.actual.slice(a, b);
    none = addTotals(none, tally(run, simulateRun(run, site, "none", soc), bat, 0, run.length));
    const sc = simulateRun(run, site, "self_consumption", soc);
    plain = addTotals(plain, tally(run, sc, bat, 0, run.length));
    const endWh = sc[sc.length - 1]?.storedWhEnd ?? storedWh(bat, soc);
    plainStoredKWh += (endWh - storedWh(bat, soc)) / 1000;
    soc = (100 * endWh) / bat.capacityWh;
  }
  const actualStoredKWh = (storedWh(bat, d.socEndPct) - storedWh(bat, d.socStartPct)) / 1000;
  const actual = figures(tally(d.actual, d.metered, bat, 0, n), actualStoredKWh, bat);
  const noBattery = figures(none, 0, bat);
  const selfConsumption = figures(plain, plainStoredKWh, bat);
  return {
    period: d.period, slots: n, actual, noBattery, selfConsumption,
    savingEur: noBattery.costEur - actual.costEur, optimizerShareEur: selfConsumption.costEur - actual.costEur,
  };
}

function sumFigures(a: ScenarioFigures, b: ScenarioFigures): ScenarioFigures {
  return { billEur: a.billEur + b.billEur, importKWh: a.importKWh + b.importKWh, exportKWh: a.exportKWh + b.exportKWh, storedChangeKWh: a.storedChangeKWh + b.storedChangeKWh, costEur: a.costEur + b.costEur };
}

function sumPeriods(period: string, days: readonly PeriodSavings[]): PeriodSavings {
  const zero: ScenarioFigures = { billEur: 0, importKWh: 0, exportKWh: 0, storedChangeKWh: 0, costEur: 0 };
  return days.reduce<PeriodSavings>(
    (acc, d) => ({
      period, slots: acc.slots + d.slots, actual: sumFigures(acc.actual, d.actual), noBattery: sumFigures(acc.noBattery, d.noBattery),
      selfConsumption: sumFigures(acc.selfConsumption, d.selfConsumption), savingEur: acc.savingEur + d.savingEur, optimizerShareEur: acc.optimizerShareEur + d.optimizerShareEur,
    }),
    { period, slots: 0, actual: zero, noBattery: zero, selfConsumption: zero, savingEur: 0, optimizerShareEur: 0 },
  );
}

/**
 * Savings per local day and month over [fromMs, toMs), pure over the history port. Uses the
 * 15-min buckets that have load, grid power and prices; partial days (today) count what they
 * have. The battery's SOC at a day's start and end comes from `soc_pct` (the battery's minimum
 * when unknown).
 */
export function computeSavings(reader: HistoryReader, site: SavingsSite, prices: SavingsPrices, range: { readonly fromMs: EpochMs; readonly toMs: EpochMs }, timeZone: string): SavingsReport {
  const h = readHistory(reader, range.fromMs, range.toMs);
  const p = prices(h.slots);
  const keep = h.slots.map((_, i) => Number.isFinite(p.importEurPerKWh[i]) && Number.isFinite(p.exportEurPerKWh[i]));
  const actual: PlannerSlotInput[] = [];
  const metered: ExecutedSlot[] = [];
  h.slots.forEach((s, i) => {
    if (keep[i] !== true) return;
    actual.push({ startMs: s.startMs, endMs: s.endMs, loadW: s.loadW, pvW: s.pvW, importPriceEurPerKWh: p.importEurPerKWh[i] ?? 0, exportPriceEurPerKWh: p.exportEurPerKWh[i] ?? 0 });
    metered.push({ gridW: h.gridW[i] ?? 0, dcNetW: 0, acInW: 0, acOutW: 0, pvUsedW: 0, storedWhEnd: 0, costEur: 0 });
  });
  const socAt = (ms: EpochMs | undefined): number => (ms === undefined ? undefined : h.socPct.get(ms)) ?? site.battery.socMinPct;
  const days = localDays(actual, timeZone).map((d) =>
    daySavings({
      period: d.day, actual: actual.slice(d.from, d.to), metered: metered.slice(d.from, d.to),
      socStartPct: socAt(actual[d.from]?.startMs), socEndPct: socAt(actual[d.to - 1]?.startMs),
    }, site),
  );
  return { days, months: monthsOf(days) };
}

/** The months of `days` (YYYY-MM), each the sum of its days, in the order they first appear. */
export function monthsOf(days: readonly PeriodSavings[]): PeriodSavings[] {
  return [...new Set(days.map((d) => d.period.slice(0, 7)))].map((m) => sumPeriods(m, days.filter((d) => d.period.startsWith(m))));
}
