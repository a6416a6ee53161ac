import type { BatteryModel, Clock, FallbackCause, HaClient, HistoryReader, Logger, Plan, PlannerInput, PlannerSlotInput, PlanRunStore, Scheduler, SiteReadings, Solver, Unsubscribe } from "../domain/index.js";
import { batteryModelOf, gridModelOf, type Config } from "../config/index.js";
import type { SetpointBounds } from "../control/zero-feed-in.js";
import { blendedForecaster, type LoadForecaster } from "../forecast/load-forecasters.js";
import { gatherPlannerInputs } from "../forecast/planner-inputs.js";
import { DEFAULT_STABILITY, replan } from "../planner/index.js";
import type { FetchLike } from "../sources/http.js";
import { boundsForPlan } from "./slow-loop-bounds.js";
import { assembleSlots, buildSlowLoopSources, pvPersistence, type SlowLoopSources } from "./slow-loop-inputs.js";

/** Re-plan period in clock time (the demo's accelerated clock shortens it in wall time). */
export const REPLAN_PERIOD_MS = 15 * 60_000;
/** Version of the persisted run's `input`/`result` shape. */
export const SLOW_LOOP_RUN_SCHEMA_VERSION = 1;
/** A load history older than this makes the load forecast stale. */
const LOAD_MAX_AGE_MS = 2 * 3_600_000;

export interface SlowLoopOptions {
  readonly config: Config;
  readonly ha: HaClient;
  readonly history: HistoryReader & PlanRunStore;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly timeZone: string;
  readonly solvers: () => Promise<readonly Solver[]>;
  readonly onPlan?: (plan: Plan, inputs: readonly PlannerSlotInput[]) => void;
  /** HTTP for the fetched sources (aWATTar, ENTSO-E, Open-Meteo…); default: global fetch. */
  readonly fetch?: FetchLike;
  /** HA's location (get_config), used when pv_forecast gives none; default 0/0. */
  readonly location?: { readonly latitudeDeg: number; readonly longitudeDeg: number };
  /** The latest site readings (SOC); without a valid SOC the plan starts at the reserve. */
  readonly site?: () => SiteReadings | null;
  /** Override of the configured sources (tests, demo). */
  readonly sources?: SlowLoopSources;
}

export interface SlowLoop {
  start(): void;
  stop(): void;
  replanNow(trigger: string): Promise<void>;
  current(): Plan | null;
  boundsAt(nowMs: number, site: SiteReadings): SetpointBounds | null;
}

/** Start SOC: the site's reading clamped into the battery window, else the control reserve. */
function socStartPct(config: Config, site: SiteReadings | null): number {
  const { socMinPct, socMaxPct } = config.battery;
  const soc = site?.battery.socPct;
  const raw = soc?.ok === true ? soc.value : config.control.reserveSocPct;
  return Math.min(socMaxPct, Math.max(socMinPct, raw));
}

interface LoopState {
  plan: Plan | null;
  latestSite: SiteReadings | null;
}

interface LoopContext {
  readonly opts: SlowLoopOptions;
  readonly sources: SlowLoopSources;
  readonly battery: BatteryModel;
  readonly loadForecaster: LoadForecaster;
  readonly state: LoopState;
}

async function buildInput(ctx: LoopContext, trigger: string): Promise<PlannerInput> {
  const { config, clock, logger, history } = ctx.opts;
  const nowMs = clock.nowMs();
  const stepMs = config.planner.stepMinutes * 60_000;
  const horizonMs = config.planner.horizonHours * 3_600_000;
  const gathered = await gatherPlannerInputs(
    { prices: ctx.sources.prices, pv: ctx.sources.pv, history, loadForecaster: ctx.loadForecaster },
    { nowMs, horizonMs, stepMs, timeZone: ctx.opts.timeZone, importFormula: config.prices.importFormula, exportFormula: config.prices.exportFormula, loadMaxAgeMs: LOAD_MAX_AGE_MS },
  );
  let pvSlots = gathered.pvSlots;
  if (pvSlots.length === 0) {
    pvSlots = pvPersistence(history, nowMs, horizonMs, stepMs);
    logger.warn("PV forecast missing: substituted yesterday's PV (persistence)", { trigger, slots: pvSlots.length });
  }
  if (gathered.prices === null) logger.warn("no prices: the planner falls back to its rules", { trigger, freshness: gathered.freshness });
  const slots = assembleSlots({ nowMs, horizonMs, stepMs, prices: gathered.prices, pvSlots, loadSlots: gathered.loadSlots });
  const site = ctx.opts.site?.() ?? ctx.state.latestSite;
  return {
    nowMs,
    slots,
    battery: ctx.battery,
    grid: gridModelOf(config.planner),
    socStartPct: socStartPct(config, site),
    plugs: [],
    options: { timeLimitMs: config.planner.timeLimitS * 1000 },
  };
}

/** One planning run; never throws (a failure keeps the last plan and logs the cause). */
async function runOnce(ctx: LoopContext, trigger: string): Promise<void> {
  const { config, logger, history } = ctx.opts;
  try {
    const input = await buildInput(ctx, trigger);
    const solvers = await ctx.opts.solvers();
    const result = replan(input, solvers, ctx.state.plan, { ...DEFAULT_STABILITY, marginEur: config.planner.replanMarginEur });
    const saved = history.savePlanRun({
      schemaVersion: SLOW_LOOP_RUN_SCHEMA_VERSION,
      generatedAtMs: input.nowMs,
      input: { trigger, ...input },
      result: { decision: result.decision, plan: result.plan },
    });
    if (!saved.ok) logger.warn("could not persist the plan run", { error: saved.error });
    const kept = solverFailureKeepsLast(result.plan, ctx.state.plan, input.nowMs);
    if (kept !== null) {
      logger.warn("all solvers failed; keeping the last plan", { trigger, cause: kept });
      return;
    }
    const plan = result.plan;
    ctx.state.plan = plan;
    logger.info("planned", { trigger, status: plan.status, decision: result.decision, slots: plan.slots.length, objectiveEur: plan.objectiveEur });
    ctx.opts.onPlan?.(plan, input.slots);
  } catch (err) {
    logger.error("re-plan failed; keeping the last plan", { trigger, error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * When every solver failed (not when data is missing), the running plan is better than the
 * rules fallback as long as it still covers now: returns the failure cause to log, else null.
 */
function solverFailureKeepsLast(candidate: Plan, last: Plan | null, nowMs: number): FallbackCause | null {
  if (candidate.status !== "fallback" || last === null || last.status === "fallback") return null;
  if (!last.slots.some((s) => s.startMs <= nowMs && nowMs < s.endMs)) return null;
  for (const r of candidate.reasons) {
    if (r.kind === "fallback" && r.cause.kind !== "missing_data") return r.cause;
  }
  return null;
}

function sourcesOf(opts: SlowLoopOptions): SlowLoopSources {
  return (
    opts.sources ??
    buildSlowLoopSources({
      config: opts.config,
      ha: opts.ha,
      clock: opts.clock,
      timeZone: opts.timeZone,
      fetch: opts.fetch ?? ((input, init) => fetch(input, init)),
      latitudeDeg: opts.location?.latitudeDeg ?? 0,
      longitudeDeg: opts.location?.longitudeDeg ?? 0,
    })
  );
}

/**
 * The slow loop (issue 3/5): every 15 min of clock time and on demand it gathers prices, PV and
 * load, re-plans with stability against the running plan, persists the run and keeps the plan
 * for the fast loop. It never throws: a failed run keeps the last plan and logs why.
 */
export function createSlowLoop(opts: SlowLoopOptions): SlowLoop {
  const sources = sourcesOf(opts);
  const ctx: LoopContext = { opts, sources, battery: batteryModelOf(opts.config.battery), loadForecaster: blendedForecaster(), state: { plan: null, latestSite: null } };
  let running: Promise<void> | null = null;
  let stops: (() => void)[] = [];

  function replanNow(trigger: string): Promise<void> {
    // Runs are serialised: a trigger during a run waits for it, then plans again.
    const next = (running ?? Promise.resolve()).then(() => runOnce(ctx, trigger));
    running = next.finally(() => {
      if (running === next) running = null;
    });
    return next;
  }

  return {
    start() {
      if (stops.length > 0) return;
      const unsub: Unsubscribe = sources.start();
      const cancel = opts.scheduler.setInterval(() => void replanNow("schedule"), REPLAN_PERIOD_MS);
      stops = [unsub, cancel];
      void replanNow("start");
    },
    stop() {
      for (const s of stops) s();
      stops = [];
    },
    replanNow,
    current: () => ctx.state.plan,
    boundsAt(nowMs, site) {
      ctx.state.latestSite = site;
      return boundsForPlan(ctx.state.plan, nowMs, ctx.battery);
    },
  };
}
