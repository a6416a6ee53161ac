/**
 * Solve times (highs and javascript-lp-solver) and the optimality gap of the production
 * setting against an exact solve (MIP gap 0), on daily scenarios from the real year.
 */
import type { PlannerInput, PlugRequest, Solver } from "../addon/src/domain/index.js";
import { buildModel } from "../addon/src/planner/build-model.js";
import { DEFAULT_PLANNER_OPTIONS } from "../addon/src/planner/optimize.js";
import { exportPrice, importPrice, type YearSlot } from "./bench-data.js";
import { solarflow } from "./bench-year.js";

const SLOT_MS = 15 * 60_000;

/** Two plugs per day: a dishwasher (one 2 h block, 10:00–22:00) and a boiler (2 h anywhere). */
export function benchPlugs(n: number): PlugRequest[] {
  return [
    { id: "dishwasher", powerW: 1200, runSlots: 8, earliestSlot: 40, latestSlot: Math.min(n - 1, 87), contiguous: true },
    { id: "boiler", powerW: 2000, runSlots: 8, earliestSlot: 0, latestSlot: Math.min(n - 1, 95), contiguous: false },
  ];
}

export function dayInput(year: readonly YearSlot[], day: number, slots: number, plugs: number, packs: number): PlannerInput {
  const from = day * 96;
  const s = year.slice(from, from + slots).map((y) => ({
    startMs: y.startMs, endMs: y.startMs + SLOT_MS, importPriceEurPerKWh: importPrice(y.spotEurPerKWh),
    exportPriceEurPerKWh: exportPrice(y.spotEurPerKWh), loadW: y.loadW, pvW: y.pvW,
  }));
  return { nowMs: s[0]?.startMs ?? 0, slots: s, battery: { ...solarflow(packs), terminalValueEurPerKWh: 0.15 },
    grid: { maxImportW: null, maxExportW: 800 }, socStartPct: 50, plugs: plugs === 0 ? [] : benchPlugs(s.length) };
}

export interface Stats {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
}

export function stats(xs: readonly number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] ?? NaN;
  return { n: s.length, median: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? NaN };
}

export interface TimingRow {
  readonly solver: string;
  readonly label: string;
  readonly ms: Stats;
  readonly failures: number;
}

/** Times `solver.solve` (model building excluded; reported separately) over the given days. */
export function timeSolves(solver: Solver, year: readonly YearSlot[], days: readonly number[], slots: number, plugs: number, timeLimitMs: number, now: () => number): { ms: number[]; buildMs: number[]; failures: number } {
  const ms: number[] = [];
  const buildMs: number[] = [];
  let failures = 0;
  for (const day of days) {
    const t0 = now();
    const lp = buildModel(dayInput(year, day, slots, plugs, 2)).lp;
    const t1 = now();
    const out = solver.solve(lp, { timeLimitMs, mipRelGap: DEFAULT_PLANNER_OPTIONS.mipRelGap });
    ms.push(now() - t1);
    buildMs.push(t1 - t0);
    if (out.kind !== "optimal") failures++;
  }
  return { ms, buildMs, failures };
}

export interface GapResult {
  readonly gaps: readonly number[];
  readonly over: number;
  readonly failures: number;
}

/** Relative gap (prod − exact)/max(1, |exact|) of the production MIP gap vs gap 0. */
export function gapStudy(solver: Solver, year: readonly YearSlot[], days: readonly number[], slots: number): GapResult {
  const gaps: number[] = [];
  let failures = 0;
  for (const day of days) {
    const lp = buildModel(dayInput(year, day, slots, 2, 2)).lp;
    const prod = solver.solve(lp, { timeLimitMs: 10_000, mipRelGap: DEFAULT_PLANNER_OPTIONS.mipRelGap });
    const exact = solver.solve(lp, { timeLimitMs: 60_000, mipRelGap: 0 });
    if (prod.kind === "optimal" && exact.kind === "optimal") {
      gaps.push((prod.objective - exact.objective) / Math.max(1, Math.abs(exact.objective)));
    } else failures++;
  }
  return { gaps, over: gaps.filter((g) => g > 1e-4).length, failures };
}
