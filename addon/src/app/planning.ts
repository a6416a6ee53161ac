import { performance } from "node:perf_hooks";
import type { Logger, Plan, PlannerSlotInput, SiteReadings, Solver } from "../domain/index.js";
import type { Config } from "../config/index.js";
import { createHighsSolver, createJsLpSolver, replan, warmUpPrograms } from "../planner/index.js";
import { startWorkerReplanner, type WorkerReplanner } from "../system/worker-replanner.js";
import type { HistoryStore } from "../store/index.js";
import { createSlowLoop, type PlanRunInfo, type Replanner, type SlowLoop } from "./slow-loop.js";
import { planView } from "./plan-view.js";
import type { StatusBoard } from "./status-board.js";
import type { ServiceOptions } from "./service.js";

/**
 * The slow loop as the service runs it: HiGHS (loaded and warmed up once per process) with
 * javascript-lp-solver as the checked second solver; every new plan goes to the status board
 * and to `onPlan` (the MQTT plan sensor).
 */
let solversOnce: Promise<readonly Solver[]> | null = null;

function productionSolvers(logger: Logger): Promise<readonly Solver[]> {
  solversOnce ??= createHighsSolver(warmUpPrograms(24)).then(
    (highs) => [highs, createJsLpSolver()],
    (err: unknown) => {
      logger.error("HiGHS could not be loaded; planning with javascript-lp-solver only", { error: String(err) });
      return [createJsLpSolver()];
    },
  );
  return solversOnce;
}

/** A fresh worker loads and warms HiGHS (≈ 1 s) before its first solve; solves are capped far below this. */
const WORKER_TIMEOUT_MS = 120_000;

/**
 * Re-plans in the worker thread; when the worker fails (crash, timeout) this one run is planned
 * in the service's thread instead, and the next run tries a fresh worker.
 */
function workerReplanner(worker: WorkerReplanner, logger: Logger): Replanner {
  return async (input, running, stability) => {
    try {
      return await worker.replan(input, running, stability);
    } catch (err) {
      if (worker.isClosed()) throw err;
      logger.warn("planning in the service's thread this time", { cause: err instanceof Error ? err.message : String(err) });
      return replan(input, await productionSolvers(logger), running, stability);
    }
  };
}

export function createPlanning(
  opts: ServiceOptions,
  deps: {
    readonly store: HistoryStore;
    readonly board: StatusBoard;
    readonly site: () => SiteReadings;
    /** Every new plan (plug ids, not request ids) with its run info (trigger, plug requests, input freshness). */
    readonly onPlan: (plan: Plan, inputs: readonly PlannerSlotInput[], run: PlanRunInfo) => void;
  },
): { readonly slow: SlowLoop; readonly solver: () => Promise<Solver | null>; readonly close: () => Promise<void> } {
  const config: Config = opts.config;
  const worker = opts.planWorker === undefined ? null : startWorkerReplanner({
    file: opts.planWorker,
    logger: opts.logger,
    timeoutMs: WORKER_TIMEOUT_MS,
    onRecycle: () => {
      deps.board.count("plan_worker_recycled");
    },
  });
  const solver = async (): Promise<Solver | null> => (await productionSolvers(opts.logger))[0] ?? null;
  const slow = createSlowLoop({
    config,
    ha: opts.ha,
    history: deps.store,
    clock: opts.clock,
    scheduler: opts.scheduler,
    logger: opts.logger,
    timeZone: opts.timeZone,
    solvers: () => productionSolvers(opts.logger),
    ...(worker === null ? {} : { replanner: workerReplanner(worker, opts.logger) }),
    site: deps.site,
    ...(opts.location === undefined ? {} : { location: opts.location }),
    // Wall time, not the home clock: the figure is how long a user waits for a plan.
    stopwatch: () => performance.now(),
    onRunTimed: (ms) => {
      deps.board.observe("plan_run", ms / 1000);
    },
    onPlan: (plan, inputs, run) => {
      deps.board.setInputs(run.dataStatus.map((d) => ({ input: d.input, source: d.source, ageS: d.ageS, stale: d.stale })), opts.clock.nowMs());
      deps.board.setPlan(planView(plan, opts.clock.nowMs(), opts.timeZone));
      deps.board.count("plans");
      opts.logger.info("new plan", { status: plan.status, trigger: run.trigger.kind, objectiveEur: Math.round(plan.objectiveEur * 100) / 100, slots: plan.slots.length });
      deps.onPlan(plan, inputs, run);
    },
  });
  return { slow, solver, close: async () => worker?.close() };
}
