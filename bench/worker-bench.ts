/**
 * `npm run bench -- --only worker`: what a fresh planning worker costs before its first plan
 * (48 h × 15 min, 2 plugs, AT prices). The first worker compiles highs.wasm; every later one
 * (a worker is recycled when its wasm memory grew by 16 MiB) instantiates the module the first
 * handed back. Needs dist/plan-worker.mjs (`npm run bench` builds it).
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { silentLogger } from "../addon/src/domain/index.js";
import { DEFAULT_STABILITY } from "../addon/src/planner/index.js";
import { bundledPlanWorker, startWorkerReplanner } from "../addon/src/system/worker-replanner.js";
import { loadYear } from "./bench-data.js";
import { dayInput, stats } from "./bench-timing.js";

export async function runWorkerBench(o: { readonly quick: boolean; readonly print: (line: string) => void }): Promise<void> {
  const file = bundledPlanWorker();
  if (file === null) {
    o.print("dist/plan-worker.mjs not built: skipped");
    return;
  }
  const year = loadYear(path.resolve(process.cwd(), "../shared/data"));
  const ready: { compiledHere: boolean; ms: number }[] = [];
  let askedAt = 0;
  // A negative growth limit: every answer recycles, so every request meets a fresh worker.
  const w = startWorkerReplanner({ file, logger: silentLogger, timeoutMs: 120_000, recycleGrowthBytes: -1, onReady: (r) => ready.push({ ...r, ms: performance.now() - askedAt }) });
  const firstPlanMs: number[] = [];
  try {
    for (let i = 0; i < (o.quick ? 4 : 10); i++) {
      askedAt = performance.now();
      await w.replan(dayInput(year, 100 + i, 192, 2, 2), null, DEFAULT_STABILITY);
      firstPlanMs.push(performance.now() - askedAt);
    }
  } finally {
    await w.close();
  }
  const rows = ready.map((r, i) => ({ ...r, planMs: firstPlanMs[i] ?? Number.NaN }));
  o.print("### Planning worker: a fresh worker until its first plan (ms)");
  o.print("| HiGHS | workers | ready median | ready max | first plan median | first plan max |");
  o.print("| --- | --- | --- | --- | --- | --- |");
  for (const here of [true, false]) {
    const mine = rows.filter((r) => r.compiledHere === here);
    if (mine.length === 0) continue;
    const readyMs = stats(mine.map((r) => r.ms));
    const planMs = stats(mine.map((r) => r.planMs));
    const cells = [here ? "compiled by the worker" : "shared module", readyMs.n, readyMs.median.toFixed(0), readyMs.max.toFixed(0), planMs.median.toFixed(0), planMs.max.toFixed(0)];
    o.print(`| ${cells.join(" | ")} |`);
  }
}
