/**
 * `npm run bench` — planner section (issue 3). Prints markdown tables: solve times, first plan
 * after start, optimality gap, reference optima and the year's cost per policy.
 * Data: ../shared/data/emhass/long_train_data.csv, ../shared/data/prices/awattar-at-epex-dayahead-hourly-2017-2026.csv,
 * ../shared/data/emhass/derived/bench_*.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import type { Solver } from "../addon/src/domain/index.js";
import { createHighsSolver } from "../addon/src/planner/solvers/highs-solver.js";
import { createJsLpSolver } from "../addon/src/planner/solvers/jslp-solver.js";
import { optimize } from "../addon/src/planner/optimize.js";
import { loadYear, type YearSlot } from "./bench-data.js";
import { dayInput, gapStudy, stats, timeSolves, type Stats } from "./bench-timing.js";
import { replayYear, type Policy } from "./bench-year.js";
import { compareReference } from "./reference-optima.js";

export interface PlannerBenchOptions {
  readonly quick: boolean;
  /**
   * Year replay re-planning every 15 min (every slot) instead of hourly: ≈4× the solves of the
   * forecast policies. Default: `--full` on the command line.
   */
  readonly full?: boolean;
  readonly print: (line: string) => void;
}

const now = (): number => performance.now();
const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : "–");
const row = (cells: readonly (string | number)[]): string => `| ${cells.join(" | ")} |`;
const spread = (count: number, total: number): number[] => Array.from({ length: count }, (_, i) => Math.floor((i * total) / count));

function wasmSizes(): string {
  const req = createRequire(path.join(process.cwd(), "package.json"));
  const wasm = statSync(req.resolve("highs/runtime")).size;
  const js = statSync(path.join(path.dirname(req.resolve("highs/runtime")), "highs.mjs")).size;
  return `highs.wasm ${(wasm / 1e6).toFixed(2)} MB + loader ${(js / 1e3).toFixed(0)} kB`;
}

async function startup(year: readonly YearSlot[], print: (l: string) => void): Promise<Solver> {
  const t0 = now();
  const highs = await createHighsSolver();
  const t1 = now();
  const first = optimize(dayInput(year, 150, 192, 2, 2), [highs]);
  const t2 = now();
  optimize(dayInput(year, 151, 192, 2, 2), [highs]);
  const t3 = now();
  print("### Planner: start-up (48 h × 15 min, 2 plugs)");
  print(row(["wasm load", "first plan (cold)", "load + first plan", "second plan", "status", "size"]));
  print(row(["---", "---", "---", "---", "---", "---"]));
  print(row([`${f1(t1 - t0)} ms`, `${f1(t2 - t1)} ms`, `${f1(t2 - t0)} ms`, `${f1(t3 - t2)} ms`, first.plan.status, wasmSizes()]));
  return highs;
}

function timings(highs: Solver, year: readonly YearSlot[], quick: boolean, print: (l: string) => void): void {
  const days = spread(quick ? 12 : 60, Math.floor(year.length / 96) - 2);
  const jsDays = days.slice(0, quick ? 2 : 5);
  const jsLp = createJsLpSolver({ maxCols: 10_000, maxIntegers: 10_000 }, now);
  print("");
  print("### Planner: warm solve time (ms; model build excluded, shown separately)");
  print(row(["solver", "horizon", "plugs", "cases", "median", "p95", "max", "not optimal", "build median"]));
  print(row(["---", "---", "---", "---", "---", "---", "---", "---", "---"]));
  for (const [slots, plugs] of [[96, 0], [96, 2], [192, 0], [192, 2]] as const) {
    const h = timeSolves(highs, year, days, slots, plugs, 10_000, now);
    const s: Stats = stats(h.ms);
    print(row(["highs", `${slots / 4} h`, plugs, s.n, f1(s.median), f1(s.p95), f1(s.max), h.failures, f1(stats(h.buildMs).median)]));
  }
  for (const [slots, plugs] of [[96, 0], [96, 2], [192, 0], [192, 2]] as const) {
    const j = timeSolves(jsLp, year, jsDays, slots, plugs, 10_000, now);
    const s = stats(j.ms);
    print(row(["javascript-lp-solver", `${slots / 4} h`, plugs, s.n, f1(s.median), f1(s.p95), f1(s.max), j.failures, f1(stats(j.buildMs).median)]));
  }
}

function gaps(highs: Solver, year: readonly YearSlot[], quick: boolean, print: (l: string) => void): void {
  const days = spread(quick ? 20 : 120, Math.floor(year.length / 96) - 2);
  const g = gapStudy(highs, year, days, 192);
  const s = stats(g.gaps.map((x) => x * 100));
  print("");
  print("### Planner: optimality gap, production (mip_rel_gap 1e-4) vs exact (gap 0), 48 h × 15 min, 2 plugs");
  print(row(["daily scenarios", "median gap %", "p95 gap %", "max gap %", "> 0.01 %", "failed"]));
  print(row(["---", "---", "---", "---", "---", "---"]));
  print(row([s.n, s.median.toExponential(2), s.p95.toExponential(2), s.max.toExponential(2), g.over, g.failures]));
  const ref = compareReference(path.resolve(process.cwd(), "../shared/data"), highs, now);
  const compared = ref.filter((r) => r.ours !== null);
  const worst = Math.max(...compared.map((r) => r.absDiff ?? Infinity));
  print("");
  print(row(["reference optima (OPTIMIZATION.md §3.5)", "compared", "skipped", "max |diff| EUR", "solve median ms", "solve max ms"]));
  print(row(["---", "---", "---", "---", "---", "---"]));
  const t = stats(compared.map((r) => r.solveMs));
  print(row(["bench_reference_optima.csv", compared.length, `${ref.length - compared.length} (lpdip: model without exclusivity)`, worst.toExponential(2), f1(t.median), f1(t.max)]));
}

export function yearCosts(highs: Solver, year: readonly YearSlot[], quick: boolean, full: boolean, print: (l: string) => void): void {
  const days = quick ? 30 : Math.floor(year.length / 96);
  const slice = year.slice(0, days * 96);
  const stride = full ? 1 : 4;
  const every = full ? "every 15 min (as the add-on does)" : "every hour (`--full`: every 15 min, as the add-on does)";
  print("");
  print(`### Planner: cost over ${days} days (${quick ? "quick mode" : "the whole year"}), SolarFlow 800, PV ×0.4, AT day-ahead prices`);
  print(`LP forecast: re-planned ${every} over 24 h at 15 min, PV = logged forecast, load = same-weekday profile of the past 4 weeks; the executor follows the slot's action on actual data (discharge slots cover the actual demand, others pass PV through and store the surplus, grid charging as planned). LP perfect: one 48 h plan per day, first 24 h executed.`);
  print("stable: the same, through the stability rule (margin 0.10 EUR, first slot sticky, 5 % SOC tolerance); flips = re-plans that change the action of the slot about to run.");
  print(row(["packs", "policy", "cost EUR", "saving vs none EUR", "share of perfect saving", "solves", "fallbacks", "flips", "time s"]));
  print(row(["---", "---", "---", "---", "---", "---", "---", "---", "---"]));
  for (const packs of [1, 2]) {
    const res = new Map<Policy, { cost: number; solves: number; fallbacks: number; flips: number; s: number }>();
    const policies: Policy[] = ["none", "rules", "perfect", "forecast", "stable"];
    for (const policy of policies) {
      const t0 = now();
      const r = replayYear(slice, packs, policy, highs, stride, 96);
      res.set(policy, { cost: r.costEur, solves: r.solves, fallbacks: r.fallbacks, flips: r.flips, s: (now() - t0) / 1000 });
    }
    const none = res.get("none")?.cost ?? NaN;
    const perfect = none - (res.get("perfect")?.cost ?? NaN);
    for (const [policy, r] of res) {
      const saving = none - r.cost;
      print(row([packs, policy, r.cost.toFixed(2), saving.toFixed(2), policy === "none" ? "–" : `${((100 * saving) / perfect).toFixed(1)} %`, r.solves, r.fallbacks, r.flips, r.s.toFixed(1)]));
    }
  }
}

/** The planner benchmark: prints its tables through `print`. Full ≈ minutes, quick ≈ 1 minute. */
export async function runPlannerBench(opts: PlannerBenchOptions): Promise<void> {
  const t0 = now();
  const year = loadYear(path.resolve(process.cwd(), "../shared/data"));
  const highs = await startup(year, opts.print);
  timings(highs, year, opts.quick, opts.print);
  gaps(highs, year, opts.quick, opts.print);
  const full = opts.full ?? process.argv.includes("--full");
  yearCosts(highs, year, opts.quick, full, opts.print);
  opts.print("");
  opts.print(`planner bench: ${((now() - t0) / 1000).toFixed(1)} s total (${opts.quick ? "quick" : "whole year"}, year replay ${full ? "every 15 min" : "hourly"})`);
}
