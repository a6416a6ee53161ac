/**
 * The planning worker (system/worker-replanner.ts + plan-worker-main.ts): the worker is built
 * from the current sources with the project's esbuild settings, then asked for real 48 h plans
 * with two plugs (the year in ../shared/data/emhass, AT day-ahead prices). It must answer the
 * same plan as `replan` in this thread, leave this thread free while it solves, and recover
 * from a crash and from a timeout by failing the pending request and starting afresh.
 */
import path from "node:path";
import { mkdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlannerInput, Solver } from "../../addon/src/domain/index.js";
import { DEFAULT_STABILITY, replan } from "../../addon/src/planner/index.js";
import { startWorkerReplanner, type WorkerReplanner } from "../../addon/src/system/worker-replanner.js";
import { loadYear, type YearSlot } from "../../bench/bench-data.js";
import { dayInput } from "../../bench/bench-timing.js";
import { recordingLogger } from "../mqtt/helpers.js";
import { highsSolver } from "../planner/support/run.js";

const root = path.resolve(import.meta.dirname, "../..");
// Inside the repository, so the bundle's bare imports (highs, zod…) resolve from node_modules.
const outDir = path.join(root, "node_modules/.cache/sunshift-tests");
const workerFile = pathToFileURL(path.join(outDir, "plan-worker.mjs"));

let year: YearSlot[];
let highs: Solver;
const logger = recordingLogger();
const open: WorkerReplanner[] = [];

function worker(timeoutMs = 60_000): WorkerReplanner {
  const w = startWorkerReplanner({ file: workerFile, logger, timeoutMs });
  open.push(w);
  return w;
}

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(root, "addon/src/system/plan-worker-main.ts")],
    outfile: workerFile.pathname,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    packages: "external",
    logLevel: "warning",
    banner: { js: "import { createRequire as __sunshiftCreateRequire } from 'node:module'; const require = __sunshiftCreateRequire(import.meta.url);" },
  });
  year = loadYear(path.resolve(root, "../shared/data"));
  highs = await highsSolver();
}, 60_000);

afterAll(async () => {
  await Promise.all(open.map((w) => w.close()));
});

const day = (d: number, plugs = 2): PlannerInput => dayInput(year, d, 192, plugs, 1);

describe("planning in a worker thread", () => {
  it("answers the plan `replan` gives in this thread (48 h, two plugs, several days)", async () => {
    const w = worker();
    for (const d of [10, 120, 200]) {
      const input = day(d);
      const here = replan(input, [highs], null, DEFAULT_STABILITY);
      const there = await w.replan(input, null, DEFAULT_STABILITY);
      expect(there.decision).toBe(here.decision);
      expect(there.plan.status).toBe("optimal");
      expect(there.plan.objectiveEur).toBeCloseTo(here.plan.objectiveEur, 6);
      expect(there.plan.slots.map((s) => s.plugsOn)).toEqual(here.plan.slots.map((s) => s.plugsOn));
      expect(there.plan.slots.map((s) => s.action)).toEqual(here.plan.slots.map((s) => s.action));
    }
  }, 60_000);

  it("keeps the stability rule: a re-plan against the running plan it made is kept", async () => {
    const w = worker();
    const input = day(150);
    const first = await w.replan(input, null, DEFAULT_STABILITY);
    const again = await w.replan(input, first.plan, DEFAULT_STABILITY);
    expect(again.decision).toBe("kept");
  }, 60_000);

  it("leaves this thread free while it solves: timers keep firing during a solve", async () => {
    const w = worker();
    await w.replan(day(30), null, DEFAULT_STABILITY); // the worker is up and warm
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 1);
    const started = performance.now();
    await Promise.all([40, 41, 42].map((d) => w.replan(day(d), null, DEFAULT_STABILITY)));
    const tookMs = performance.now() - started;
    clearInterval(timer);
    // In this thread the same solves would allow no tick at all until they are done.
    expect(ticks).toBeGreaterThan(Math.min(20, tookMs / 10));
  }, 60_000);

  it("a crashed worker fails its request with the cause, and the next request gets a new worker", async () => {
    const w = worker();
    // A request that cannot be cloned (an input holding a function) is refused at once…
    const bad = { ...day(60), poison: () => 0 } as unknown as PlannerInput;
    await expect(w.replan(bad, null, DEFAULT_STABILITY)).rejects.toThrow(/could not be sent/);
    // …a worker killed mid-solve fails the request with its exit…
    const pending = w.replan(day(61), null, DEFAULT_STABILITY);
    const internal = (w as unknown as { worker: { terminate(): Promise<number> } | null }).worker;
    await internal?.terminate();
    await expect(pending).rejects.toThrow(/planning worker exited/);
    // …and the next request starts a fresh worker and plans.
    const after = await w.replan(day(62), null, DEFAULT_STABILITY);
    expect(after.plan.status).toBe("optimal");
    expect(logger.entries.some((e) => e.level === "warn" && e.msg.startsWith("planning worker exited"))).toBe(true);
  }, 60_000);

  it("recycles a worker whose wasm memory grew past the limit, between requests, and plans on", async () => {
    const recycled: number[] = [];
    const compiledHere: boolean[] = [];
    // A negative limit: every answer counts as grown, so each request gets a fresh worker.
    const w = startWorkerReplanner({ file: workerFile, logger, timeoutMs: 60_000, recycleGrowthBytes: -1, onRecycle: (b) => recycled.push(b), onReady: (r) => compiledHere.push(r.compiledHere) });
    open.push(w);
    const plans = [];
    for (const d of [80, 81, 82]) plans.push(await w.replan(day(d), null, DEFAULT_STABILITY));
    expect(plans.map((p) => p.plan.status)).toEqual(["optimal", "optimal", "optimal"]);
    // Only the first worker compiles HiGHS; the later ones run the module it handed back.
    expect(compiledHere).toEqual([true, false, false]);
    for (const [i, d] of [80, 81, 82].entries()) expect(plans[i]?.plan.objectiveEur).toBeCloseTo(replan(day(d), [highs], null, DEFAULT_STABILITY).plan.objectiveEur, 6);
    expect(recycled).toHaveLength(3);
    expect(recycled.every((b) => b > 1_048_576)).toBe(true);
    expect(logger.entries.filter((e) => e.msg === "planning worker recycled").length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it("a request over its time limit fails as a timeout; the worker is restarted", async () => {
    const w = worker(1); // no real solve answers within 1 ms
    await expect(w.replan(day(70), null, DEFAULT_STABILITY)).rejects.toThrow(/did not answer within/);
    await w.close();
    await expect(w.replan(day(70), null, DEFAULT_STABILITY)).rejects.toThrow(/closed/);
  }, 60_000);
});
