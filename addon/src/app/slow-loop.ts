import type { ReplanResult, StabilityConfig } from "../planner/index.js";
import type { Clock, HaClient, HistoryReader, Logger, Plan, PlannerInput, PlannerSlotInput, PlanRunStore, PlugRequest, ReplanCommand, ReplanTrigger, Scheduler, SiteReadings, Solver, Unsubscribe } from "../domain/index.js";
import type { CardDataStatus } from "../domain/index.js";
import { batteryModelOf, type Config } from "../config/index.js";
import type { SetpointBounds } from "../control/zero-feed-in.js";
import { blendedForecaster } from "../forecast/load-forecasters.js";
import type { FetchLike } from "../sources/http.js";
import { plugIdOf } from "./plug-requests.js";
import { boundsForPlan } from "./slow-loop-bounds.js";
import { createDebouncer, EVENT_POLL_MS, priceChange, pvChange, SOC_EVENT_COOLDOWN_MS, socOffPlan, type Debouncer } from "./slow-loop-events.js";
import { buildSlowLoopSources, type SlowLoopSources } from "./slow-loop-inputs.js";
import { runOnce, type LoopContext } from "./slow-loop-run.js";
import { REPLAN_CRON, scheduleCron } from "./replan-schedule.js";

export { SLOW_LOOP_RUN_SCHEMA_VERSION } from "./slow-loop-run.js";

/** Re-plan period in clock time (quarter hours, replan-schedule.ts; the demo's accelerated clock shortens it in wall time). */
export const REPLAN_PERIOD_MS = 15 * 60_000;

/** What a run hands `onPlan` besides the plan: why it ran, the plug requests (plug ids), input freshness. */
export interface PlanRunInfo {
  readonly trigger: ReplanTrigger;
  /** The run's plug requests with their plug ids (one per plug and window occurrence), for the card's plug power. */
  readonly plugs: readonly PlugRequest[];
  /** The plan sensor's `dataStatus` attribute: per input its source, age, staleness and substitute. */
  readonly dataStatus: readonly CardDataStatus[];
}

export interface SlowLoopOptions {
  readonly config: Config;
  readonly ha: HaClient;
  readonly history: HistoryReader & PlanRunStore;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly timeZone: string;
  readonly solvers: () => Promise<readonly Solver[]>;
  /** Every new plan, with plug ids (not request ids) in `plugsOn` and `plug_on` reasons. */
  readonly onPlan?: (plan: Plan, inputs: readonly PlannerSlotInput[], run: PlanRunInfo) => void;
  /** HTTP for the fetched sources (aWATTar, ENTSO-E, Open-Meteo…); default: global fetch. */
  readonly fetch?: FetchLike;
  /** HA's location (get_config), used when pv_forecast gives none; default 0/0. */
  readonly location?: { readonly latitudeDeg: number; readonly longitudeDeg: number };
  /** The latest site readings (SOC); without a valid SOC the plan starts at the reserve. */
  readonly site?: () => SiteReadings | null;
  /** Override of the configured sources (tests, demo). */
  readonly sources?: SlowLoopSources;
  /** A monotonic ms counter (performance.now) for run durations; without it runs are not timed. */
  readonly stopwatch?: () => number;
  /** Each run's wall duration, ms (the /metrics plan_run figures). */
  readonly onRunTimed?: (durationMs: number, label: string) => void;
  /** Runs `replan` elsewhere (the service's planning worker); default: in this thread with `solvers`. */
  readonly replanner?: Replanner;
}

/** `replan` (planner/stability.ts) behind a promise, so it can run in a worker thread. */
export type Replanner = (input: PlannerInput, running: Plan | null, stability: StabilityConfig) => Promise<ReplanResult>;

export interface SlowLoop {
  start(): void;
  stop(): void;
  /**
   * Plans now (runs are serialised). A string names an HA command (`set_mode`, `replan`…) or
   * `start`/`schedule`; any other string counts as a manual re-plan.
   */
  replanNow(trigger: ReplanTrigger | string): Promise<void>;
  /** Debounced re-plan on an event (e.g. a mode change from HA); the trigger becomes the plan's `replanned` reason. */
  requestReplan(trigger: ReplanTrigger): void;
  /** The running plan as planned (plug entries are request ids `<plug>@<date>`; map with plugIdOf). */
  current(): Plan | null;
  boundsAt(nowMs: number, site: SiteReadings): SetpointBounds | null;
  /** Every configured plug id → on in the running plan's slot covering `nowMs` (all false without one). */
  plugStatesAt(nowMs: number): ReadonlyMap<string, boolean>;
  /** Freshness of the last run's inputs (empty before the first run). */
  dataStatus(): readonly CardDataStatus[];
}

const COMMANDS: readonly string[] = ["replan", "set_mode", "set_reserve_soc", "set_grid_target", "set_optimizer_enabled"] satisfies readonly ReplanCommand[];

/** A trigger from replanNow's argument, and the label for logs and the persisted run. */
export function triggerOf(t: ReplanTrigger | string): { readonly trigger: ReplanTrigger; readonly label: string } {
  if (typeof t !== "string") return { trigger: t, label: t.kind };
  if (t === "start" || t === "schedule") return { trigger: { kind: t }, label: t };
  const command = COMMANDS.includes(t) ? (t as ReplanCommand) : "replan";
  return { trigger: { kind: "command", command }, label: t };
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

/** Looks at the price and PV caches; asks for a re-plan when what the last run used has changed. */
async function pollInputs(ctx: LoopContext, debouncer: Debouncer): Promise<void> {
  const last = ctx.state.lastRun;
  if (last === null) return;
  const prices = await ctx.sources.prices.get();
  const nowMs = ctx.opts.clock.nowMs();
  const horizonEndMs = nowMs + ctx.opts.config.planner.horizonHours * 3_600_000;
  const p = priceChange(last.prices, prices.value, nowMs, horizonEndMs);
  if (p !== null) {
    debouncer.request(p);
    return;
  }
  const untilMs = ctx.state.plan?.slots.at(-1)?.endMs ?? nowMs;
  for (const provider of ctx.sources.pv) {
    const pv = await provider.get();
    if (pv.value === null) continue;
    const change = pvChange(last.pv, pv.value, nowMs, untilMs);
    if (change !== null) debouncer.request(change);
    return;
  }
}

/** Serialised runs: a trigger during a run waits for it, then plans again. */
function createRunner(ctx: LoopContext): { replanNow: (t: ReplanTrigger | string) => Promise<void>; busy: () => boolean } {
  let running: Promise<void> | null = null;
  return {
    replanNow(t) {
      const { trigger, label } = triggerOf(t);
      const timed = async (): Promise<void> => {
        const watch = ctx.opts.stopwatch;
        const t0 = watch?.() ?? 0;
        await runOnce(ctx, trigger, label);
        if (watch !== undefined) ctx.opts.onRunTimed?.(watch() - t0, label);
      };
      const next = (running ?? Promise.resolve()).then(timed);
      const tracked: Promise<void> = next.finally(() => {
        if (running === tracked) running = null;
      });
      running = tracked;
      return next;
    },
    busy: () => running !== null,
  };
}

/** The SOC watcher: a debounced `soc_off_plan` re-plan, at most once per SOC_EVENT_COOLDOWN_MS. */
function socWatcher(ctx: LoopContext, debouncer: Debouncer, quiet: () => boolean): (nowMs: number, site: SiteReadings) => void {
  let lastEventMs = -Infinity;
  return (nowMs, site) => {
    const last = ctx.state.lastRun;
    if (last === null || !quiet() || nowMs - lastEventMs < SOC_EVENT_COOLDOWN_MS) return;
    const t = socOffPlan(ctx.state.plan, last.socStartPct, site, nowMs);
    if (t === null) return;
    lastEventMs = nowMs;
    debouncer.request(t);
  };
}

/**
 * The slow loop (issue 3/4/5): at every quarter hour of home time, and on events (new prices, PV forecast
 * change, SOC off plan, commands), gathers prices, PV, load and plug requests, re-plans with
 * stability against the running plan, persists the run and keeps the plan for the fast loop.
 * Every plan carries its trigger and its stale inputs as plan-level reasons. It never throws.
 */
export function createSlowLoop(opts: SlowLoopOptions): SlowLoop {
  const sources = sourcesOf(opts);
  const ctx: LoopContext = { opts, sources, battery: batteryModelOf(opts.config.battery), loadForecaster: blendedForecaster(), state: { plan: null, latestSite: null, lastRun: null, pvForecastMissing: false } };
  const { replanNow, busy } = createRunner(ctx);
  const debouncer = createDebouncer(opts.scheduler, (trigger, merged) => {
    if (merged > 0) opts.logger.debug("re-plan events merged", { trigger: trigger.kind, merged });
    void replanNow(trigger);
  });
  const quiet = (): boolean => !busy() && !debouncer.pending();
  const checkSoc = socWatcher(ctx, debouncer, quiet);
  let stops: (() => void)[] = [];
  return {
    start() {
      if (stops.length > 0) return;
      const unsub: Unsubscribe = sources.start();
      // Every quarter hour of home time (croner), not every 15 min from start: runs line up with the slots.
      const cancel = scheduleCron(REPLAN_CRON, opts.timeZone, opts.clock, opts.scheduler, () => void replanNow("schedule"));
      const cancelPoll = opts.scheduler.setInterval(() => {
        if (quiet()) void pollInputs(ctx, debouncer);
      }, EVENT_POLL_MS);
      stops = [unsub, cancel, cancelPoll, () => { debouncer.cancel(); }];
      void replanNow("start");
    },
    stop() {
      for (const s of stops) s();
      stops = [];
    },
    replanNow,
    requestReplan: (trigger) => {
      debouncer.request(trigger);
    },
    current: () => ctx.state.plan,
    boundsAt(nowMs, site) {
      ctx.state.latestSite = site;
      checkSoc(nowMs, site);
      return boundsForPlan(ctx.state.plan, nowMs, ctx.battery);
    },
    plugStatesAt(nowMs) {
      const slot = ctx.state.plan?.slots.find((s) => s.startMs <= nowMs && nowMs < s.endMs);
      const on = new Set((slot?.plugsOn ?? []).map(plugIdOf));
      return new Map(opts.config.plugs.map((p) => [p.id, on.has(p.id)]));
    },
    dataStatus: () => ctx.state.lastRun?.dataStatus ?? [],
  };
}
