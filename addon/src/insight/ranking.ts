import type { BatteryModel, GridModel, PlannerSlotInput, Solver } from "../domain/index.js";
import { localDays, type DayChunk } from "./days.js";
import { estimateYear, type DailyValue } from "./extrapolate.js";
import { billEur, tally, type Totals } from "./ledger.js";
import { replayRuns, type ExecutedSlot, type ReplayPolicy } from "./replay.js";
import type { SiteSlot } from "./site-data.js";
import { needsSpot, tariffPrices, type SlotPrices, type Tariff } from "./tariff.js";
import { explainRanking, explainTariff } from "./explain.js";

/** The site the comparison re-optimises: the hub's battery and the grid connection. */
export interface RankingSite {
  readonly battery: BatteryModel;
  readonly grid: GridModel;
  readonly timeZone: string;
  /** SOC at the start of every contiguous stretch of data, %. Default: the battery's minimum. */
  readonly socStartPct?: number;
}

/** One candidate's yearly figures (EUR, kWh per year; extrapolated where months are missing). */
export interface TariffResult {
  readonly name: string;
  readonly rank: number;
  readonly yearlyCostEur: number;
  readonly energyCostEur: number;
  readonly standingEur: number;
  readonly importKWh: number;
  readonly exportKWh: number;
  readonly exportRevenueEur: number;
  /** The same tariff without the battery, and what the optimised battery saves under it. */
  readonly noBatteryYearlyCostEur: number;
  readonly batterySavingEur: number;
  /** DC energy the battery delivers per year, and the AC energy it draws from the grid. */
  readonly shiftedKWh: number;
  readonly gridChargeKWh: number;
  /** Shares of household consumption in each day's cheapest / dearest quarter of slots (null: flat price). */
  readonly cheapLoadSharePct: number | null;
  readonly dearLoadSharePct: number | null;
  /** Mean import price actually paid, EUR/kWh. */
  readonly avgImportPriceEurPerKWh: number;
  readonly explanation: string;
}

/** The tariff comparison (`sunshift tariffs`, the tariff_recommendation sensor). */
export interface TariffRanking {
  readonly results: readonly TariffResult[];
  readonly daysUsed: number;
  readonly firstDay: string | null;
  readonly lastDay: string | null;
  readonly monthsCovered: readonly number[];
  readonly monthsExtrapolated: readonly number[];
  /** How the figures were made: re-optimisation, horizon, extrapolation. */
  readonly method: string;
  readonly summary: string;
}

interface DayFigures {
  readonly monthOfYear: number;
  readonly opt: Totals;
  readonly none: Totals;
  readonly cheapLoadKWh: number;
  readonly dearLoadKWh: number;
}

function actualSlots(slots: readonly SiteSlot[], prices: SlotPrices): PlannerSlotInput[] {
  return slots.map((s, i) => ({
    startMs: s.startMs, endMs: s.endMs, loadW: s.loadW, pvW: s.pvW,
    importPriceEurPerKWh: prices.importEurPerKWh[i] ?? 0, exportPriceEurPerKWh: prices.exportEurPerKWh[i] ?? 0,
  }));
}

/** Replays every contiguous stretch under a policy, one 48-hour plan per day. */
function replayAll(actual: readonly PlannerSlotInput[], site: RankingSite, policy: ReplayPolicy, solver: Solver): readonly ExecutedSlot[] {
  const first = actual[0];
  const perDay = first === undefined ? 96 : Math.round(86_400_000 / (first.endMs - first.startMs));
  const cfg = { policy, battery: site.battery, grid: site.grid, solver, socStartPct: site.socStartPct ?? site.battery.socMinPct, strideSlots: perDay, horizonSlots: 2 * perDay };
  return replayRuns(actual, cfg).slots;
}

/** Household energy in the day's cheapest and dearest quarter of slots (by import price). */
function cheapDear(actual: readonly PlannerSlotInput[], d: DayChunk): { cheap: number; dear: number } {
  const day = actual.slice(d.from, d.to);
  const sorted = day.map((s) => s.importPriceEurPerKWh).sort((x, y) => x - y);
  const q1 = sorted[Math.floor((sorted.length - 1) * 0.25)] ?? 0;
  const q3 = sorted[Math.ceil((sorted.length - 1) * 0.75)] ?? 0;
  let cheap = 0;
  let dear = 0;
  for (const s of day) {
    const kWh = (s.loadW * (s.endMs - s.startMs)) / 3.6e9;
    if (s.importPriceEurPerKWh <= q1) cheap += kWh;
    if (s.importPriceEurPerKWh >= q3) dear += kWh;
  }
  return { cheap, dear };
}

function runTariff(t: Tariff, slots: readonly SiteSlot[], days: readonly DayChunk[], site: RankingSite, solver: Solver): DayFigures[] {
  const actual = actualSlots(slots, tariffPrices(t, slots, site.timeZone));
  const opt = replayAll(actual, site, "perfect", solver);
  const none = replayAll(actual, site, "none", solver);
  return days.map((d) => {
    const cd = cheapDear(actual, d);
    return { monthOfYear: d.monthOfYear, opt: tally(actual, opt, site.battery, d.from, d.to), none: tally(actual, none, site.battery, d.from, d.to), cheapLoadKWh: cd.cheap, dearLoadKWh: cd.dear };
  });
}

function yearly(figs: readonly DayFigures[], f: (d: DayFigures) => number): number {
  return estimateYear(figs.map((d): DailyValue => ({ monthOfYear: d.monthOfYear, value: f(d) }))).yearly;
}

function resultOf(t: Tariff, figs: readonly DayFigures[]): Omit<TariffResult, "rank" | "explanation"> {
  const energy = yearly(figs, (d) => billEur(d.opt));
  const standing = 12 * t.standingEurPerMonth;
  const noBattery = yearly(figs, (d) => billEur(d.none)) + standing;
  const importKWh = yearly(figs, (d) => d.opt.importKWh);
  const load = yearly(figs, (d) => d.opt.loadKWh);
  const flat = t.import.kind === "fixed";
  return {
    name: t.name,
    yearlyCostEur: energy + standing,
    energyCostEur: energy,
    standingEur: standing,
    importKWh,
    exportKWh: yearly(figs, (d) => d.opt.exportKWh),
    exportRevenueEur: yearly(figs, (d) => d.opt.exportRevenueEur),
    noBatteryYearlyCostEur: noBattery,
    batterySavingEur: noBattery - (energy + standing),
    shiftedKWh: yearly(figs, (d) => d.opt.dischargeKWh),
    gridChargeKWh: yearly(figs, (d) => d.opt.gridChargeKWh),
    cheapLoadSharePct: flat || load <= 0 ? null : (100 * yearly(figs, (d) => d.cheapLoadKWh)) / load,
    dearLoadSharePct: flat || load <= 0 ? null : (100 * yearly(figs, (d) => d.dearLoadKWh)) / load,
    avgImportPriceEurPerKWh: importKWh > 0 ? yearly(figs, (d) => d.opt.importCostEur) / importKWh : 0,
  };
}

export const RANKING_METHOD =
  "Each candidate tariff prices the same measured load and PV; the battery is re-optimised under it by the planner's LP with perfect foresight, one 48-hour plan per day of which the first 24 hours are executed (SOC carried from day to day). Months without data are extrapolated from the nearest months with data (month-of-year weights).";

/**
 * Ranks candidate tariffs by yearly cost (energy after the re-optimised battery + standing
 * charge). Uses only complete local days; when any candidate needs spot prices, only slots that
 * have one. Ties keep the candidates' order. Pure apart from the solver.
 */
export function rankTariffs(slotsIn: readonly SiteSlot[], tariffs: readonly Tariff[], site: RankingSite, solver: Solver): TariffRanking {
  const slots = tariffs.some(needsSpot) ? slotsIn.filter((s) => s.spotEurPerKWh !== null) : [...slotsIn];
  const days = localDays(slots, site.timeZone).filter((d) => d.complete);
  const coverage = estimateYear(days.map((d) => ({ monthOfYear: d.monthOfYear, value: 1 })));
  const rows = tariffs.map((t) => ({ t, r: resultOf(t, runTariff(t, slots, days, site, solver)) }));
  const order = rows.map((_, i) => i).sort((a, b) => (rows[a]?.r.yearlyCostEur ?? 0) - (rows[b]?.r.yearlyCostEur ?? 0) || a - b);
  const results = order.flatMap((i, rank): TariffResult[] => {
    const row = rows[i];
    return row === undefined ? [] : [{ ...row.r, rank: rank + 1, explanation: explainTariff(row.t, row.r) }];
  });
  const base = {
    results,
    daysUsed: days.length,
    firstDay: days[0]?.day ?? null,
    lastDay: days[days.length - 1]?.day ?? null,
    monthsCovered: coverage.covered,
    monthsExtrapolated: coverage.extrapolated,
    method: RANKING_METHOD,
  };
  return { ...base, summary: explainRanking(base) };
}
