/**
 * The 54 native-HiGHS reference optima of ../shared/data/emhass/derived/ (OPTIMIZATION.md §3.5):
 * rebuilt as planner inputs and compared. Data: bench_scenarios_48h.json, bench_reference_optima.csv.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { PlannerInput, PlugRequest, Solver } from "../addon/src/domain/index.js";
import { buildModel } from "../addon/src/planner/build-model.js";

interface RefScenario {
  start: string;
  step_min: 15 | 30 | 60;
  pv_kw: number[];
  load_kw: number[];
  spot: number[];
}

export interface RefRow {
  scenario: string;
  variant: string;
  objectiveEur: number;
}

export interface RefComparison {
  scenario: string;
  variant: string;
  reference: number;
  ours: number | null;
  absDiff: number | null;
  solveMs: number;
  note: string;
}

const hourFmt = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

function localHour(ms: number): number {
  const [h, m] = hourFmt.format(ms).split(":").map(Number);
  return (h ?? 0) + (m ?? 0) / 60;
}

export function loadReference(dataDir: string): { scenarios: Record<string, RefScenario>; rows: RefRow[] } {
  const dir = path.join(dataDir, "emhass/derived");
  const scenarios = JSON.parse(readFileSync(path.join(dir, "bench_scenarios_48h.json"), "utf8")) as Record<string, RefScenario>;
  const lines = readFileSync(path.join(dir, "bench_reference_optima.csv"), "utf8").trim().split("\n").slice(1);
  const rows = lines.map((line) => {
    const cells = line.match(/("[^"]*"|[^,]+)/g) ?? [];
    return { scenario: cells[0] ?? "", variant: cells[4] ?? "", objectiveEur: Number(cells[7]) };
  });
  return { scenarios, rows };
}

/** The §3.5 set-up as planner input: 2 × 1.92 kWh, η 0.97/0.95, e_T ≥ e_0, loads A and B per day. */
export function referenceInput(sc: RefScenario, dip: boolean): PlannerInput {
  const startMs = Date.parse(sc.start);
  const stepMs = sc.step_min * 60_000;
  const perDay = (24 * 60) / sc.step_min;
  const slots = sc.spot.map((spot, i) => {
    const at = startMs + i * stepMs;
    const h = localHour(at);
    const s = dip ? spot - 0.4 * Math.exp(-(((h - 13.5) / 1.5) ** 2)) : spot;
    return { startMs: at, endMs: at + stepMs, importPriceEurPerKWh: (s + 0.2) * 1.19, exportPriceEurPerKWh: 0,
      loadW: (sc.load_kw[i] ?? 0) * 1000, pvW: (sc.pv_kw[i] ?? 0) * 1000 };
  });
  const plugs: PlugRequest[] = [0, 1].flatMap((d) => [
    { id: `A${d}`, powerW: 2000, runSlots: (2 * 60) / sc.step_min, earliestSlot: d * perDay, latestSlot: (d + 1) * perDay - 1, contiguous: false },
    { id: `B${d}`, powerW: 500, runSlots: (4 * 60) / sc.step_min, earliestSlot: d * perDay, latestSlot: (d + 1) * perDay - 1, contiguous: false },
  ]);
  return {
    nowMs: startMs, slots, plugs, socStartPct: 50, terminalAtLeastStart: true,
    battery: { capacityWh: 3840, socMinPct: 10, socMaxPct: 100, maxOutputW: 800, maxAcChargeW: 800, maxChargeDcW: 1200,
      maxDischargeDcW: 1200, chargeEfficiency: 0.97, dischargeEfficiency: 0.97, inverterEfficiency: 0.95,
      wearCostEurPerKWh: 0.0025, terminalValueEurPerKWh: 0 },
    grid: { maxImportW: 10_000, maxExportW: 800 },
  };
}

const VARIANTS: Record<string, { dip: boolean; relax: boolean; note: string } | undefined> = {
  lp: { dip: false, relax: true, note: "" },
  milp: { dip: false, relax: false, note: "" },
  lpfixdip: { dip: true, relax: true, note: "" },
  milpfixdip: { dip: true, relax: false, note: "" },
  milpxdip: { dip: true, relax: false, note: "ours: dominance fix vs reference: full exclusivity binaries" },
};

/** Solves every comparable reference row; `lpdip` (the physically wrong model) is skipped. */
export function compareReference(dataDir: string, solver: Solver, now: () => number): RefComparison[] {
  const { scenarios, rows } = loadReference(dataDir);
  return rows.map((row) => {
    const v = VARIANTS[row.variant];
    const sc = scenarios[row.scenario];
    if (v === undefined || sc === undefined) {
      return { scenario: row.scenario, variant: row.variant, reference: row.objectiveEur, ours: null, absDiff: null, solveMs: 0, note: "skipped: LP without exclusivity burns energy (not a physical plan)" };
    }
    const lp = buildModel(referenceInput(sc, v.dip), v.relax).lp;
    const t0 = now();
    const out = solver.solve(lp, { timeLimitMs: 60_000, mipRelGap: 0 });
    const solveMs = now() - t0;
    const ours = out.kind === "optimal" ? out.objective : null;
    return { scenario: row.scenario, variant: row.variant, reference: row.objectiveEur, ours, absDiff: ours === null ? null : Math.abs(ours - row.objectiveEur), solveMs, note: v.note };
  });
}
