import type { BatteryModel, FallbackCause, Plan, PlanReason, PlannerInput, PlannerSlotInput, PlugRequest, PowerSeries, PriceSeries, ReplanTrigger, SiteReadings } from "../domain/index.js";
import { gridModelOf, type Config } from "../config/index.js";
import type { CardDataStatus } from "../domain/index.js";
import { dataStatusOf, describeInputStatus, type InputReport } from "../forecast/freshness.js";
import type { LoadForecaster } from "../forecast/load-forecasters.js";
import { gatherPlannerInputs } from "../forecast/planner-inputs.js";
import { DEFAULT_STABILITY, replan } from "../planner/index.js";
import { plugIdOf, plugOccurrences, type PlugOccurrence } from "./plug-requests.js";
import { assembleSlots, pvPersistence, type SlowLoopSources } from "./slow-loop-inputs.js";
import type { SlowLoopOptions } from "./slow-loop.js";

/** Version of the persisted run's `input`/`result` shape (2: trigger object, plug occurrences, data status). */
export const SLOW_LOOP_RUN_SCHEMA_VERSION = 2;
/** A load history older than this makes the load forecast stale. */
const LOAD_MAX_AGE_MS = 2 * 3_600_000;

/** What one planning run used, for the event watchers and the sensors. */
export interface RunRecord {
  readonly atMs: number;
  readonly trigger: ReplanTrigger;
  readonly socStartPct: number;
  readonly prices: PriceSeries | null;
  readonly pv: PowerSeries | null;
  readonly slots: readonly PlannerSlotInput[];
  readonly plugs: readonly PlugOccurrence[];
  /** Per input what was used and how fresh it was (after the slow loop's own substitutes). */
  readonly reports: readonly InputReport[];
  readonly dataStatus: readonly CardDataStatus[];
}

export interface LoopState {
  /** The running plan as planned: plug ids are request ids (`<plug>@<date>`). */
  plan: Plan | null;
  latestSite: SiteReadings | null;
  lastRun: RunRecord | null;
  /** A configured PV forecast was missing at the last run (warned once until it is back). */
  pvForecastMissing: boolean;
}

export interface LoopContext {
  readonly opts: SlowLoopOptions;
  readonly sources: SlowLoopSources;
  readonly battery: BatteryModel;
  readonly loadForecaster: LoadForecaster;
  readonly state: LoopState;
}

/** Start SOC: the site's reading clamped into the battery window, else the control reserve. */
function socStartPct(config: Config, site: SiteReadings | null): number {
  const { socMinPct, socMaxPct } = config.battery;
  const soc = site?.battery.socPct;
  const raw = soc?.ok === true ? soc.value : config.control.reserveSocPct;
  return Math.min(socMaxPct, Math.max(socMinPct, raw));
}

interface BuiltInput {
  readonly input: PlannerInput;
  readonly record: Omit<RunRecord, "trigger">;
}

/** PV report after the slow loop's own substitute (yesterday's PV) was or was not used. */
function pvReport(report: InputReport, persisted: boolean): InputReport {
  if (report.status.kind !== "missing" || !persisted) return report;
  return { input: "pv_forecast", source: "pv_persistence", status: { kind: "substituted", by: "pv_persistence", cause: report.status.cause } };
}

/**
 * Logs yesterday's PV standing in for the forecast: with `pv_forecast` source and fallback both
 * `none` that is the chosen method (debug); a configured forecast or fallback that went missing
 * is warned about once, and its return noted, instead of at every re-plan (96 times a day).
 */
function notePvForecast(ctx: LoopContext, label: string, missing: boolean, substituteSlots: number): void {
  const { logger, config } = ctx.opts;
  const fields = { trigger: label, slots: substituteSlots };
  if (config.pvForecast.source === "none" && config.pvForecast.fallback === "none") {
    if (missing) logger.debug("PV forecast missing: substituted yesterday's PV (persistence)", fields);
    return;
  }
  if (missing && !ctx.state.pvForecastMissing) logger.warn("PV forecast missing: substituted yesterday's PV (persistence) until it is back", fields);
  else if (!missing && ctx.state.pvForecastMissing) logger.info("PV forecast is back", { trigger: label });
  ctx.state.pvForecastMissing = missing;
}

async function buildInput(ctx: LoopContext, label: string): Promise<BuiltInput> {
  const { config, clock, logger, history } = ctx.opts;
  const nowMs = clock.nowMs();
  const stepMs = config.planner.stepMinutes * 60_000;
  const horizonMs = config.planner.horizonHours * 3_600_000;
  const gathered = await gatherPlannerInputs(
    { prices: ctx.sources.prices, pv: ctx.sources.pv, history, loadForecaster: ctx.loadForecaster },
    { nowMs, horizonMs, stepMs, timeZone: ctx.opts.timeZone, importFormula: config.prices.importFormula, exportFormula: config.prices.exportFormula, loadMaxAgeMs: LOAD_MAX_AGE_MS },
  );
  let pvSlots = gathered.pvSlots;
  if (pvSlots.length === 0) pvSlots = pvPersistence(history, nowMs, horizonMs, stepMs);
  notePvForecast(ctx, label, gathered.pvSlots.length === 0, pvSlots.length);
  if (gathered.prices === null) logger.warn("no prices: the planner falls back to its rules", { trigger: label, freshness: gathered.freshness });
  const slots = assembleSlots({ nowMs, horizonMs, stepMs, prices: gathered.prices, pvSlots, loadSlots: gathered.loadSlots });
  const plugs = plugOccurrences({ plugs: config.plugs, slots, nowMs, timeZone: ctx.opts.timeZone, history });
  const requests: PlugRequest[] = plugs.flatMap((o) => (o.request === null ? [] : [o.request]));
  const site = ctx.opts.site?.() ?? ctx.state.latestSite;
  const soc = socStartPct(config, site);
  const reports = gathered.freshness.inputs.map((r) => (r.input === "pv_forecast" ? pvReport(r, gathered.pvSlots.length === 0 && pvSlots.length > 0) : r));
  const input: PlannerInput = { nowMs, slots, battery: ctx.battery, grid: gridModelOf(config.planner), socStartPct: soc, plugs: requests, options: { timeLimitMs: config.planner.timeLimitS * 1000 } };
  const dataStatus = reports.map((r) => dataStatusOf(r, r.input === "prices" && gathered.prices === null ? "rules" : null));
  return { input, record: { atMs: nowMs, socStartPct: soc, prices: gathered.priceSeries, pv: gathered.pvSeries, slots, plugs, reports, dataStatus } };
}

/** Plan-level reasons of this run: its trigger and every input that was not fresh. */
export function runReasons(trigger: ReplanTrigger, reports: readonly InputReport[]): PlanReason[] {
  const out: PlanReason[] = [{ kind: "replanned", trigger }];
  for (const r of reports) if (r.status.kind !== "fresh") out.push({ kind: "input_status", input: r.input, source: r.source, status: r.status });
  return out;
}

/** The plan with the previous runs' trigger and input reasons replaced by this run's (a kept plan carries old ones). */
function withRunReasons(plan: Plan, reasons: readonly PlanReason[]): Plan {
  const kept = plan.reasons.filter((r) => r.kind !== "replanned" && r.kind !== "input_status");
  return { ...plan, reasons: [...kept, ...reasons] };
}

/** The plan as HA and the card see it: plug request ids (`dish@2026-06-10`) become plug ids. */
export function publicPlan(plan: Plan): Plan {
  return {
    ...plan,
    slots: plan.slots.map((s) => ({
      ...s,
      plugsOn: [...new Set(s.plugsOn.map(plugIdOf))],
      reasons: s.reasons.map((r) => (r.kind === "plug_on" ? { ...r, plugId: plugIdOf(r.plugId) } : r)),
    })),
  };
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

/** One planning run; never throws (a failure keeps the last plan and logs the cause). */
export async function runOnce(ctx: LoopContext, trigger: ReplanTrigger, label: string): Promise<void> {
  const { config, logger, history } = ctx.opts;
  try {
    const built = await buildInput(ctx, label);
    const { input } = built;
    const stability = { ...DEFAULT_STABILITY, marginEur: config.planner.replanMarginEur };
    const { replanner } = ctx.opts;
    const result = replanner === undefined ? replan(input, await ctx.opts.solvers(), ctx.state.plan, stability) : await replanner(input, ctx.state.plan, stability);
    const reports = built.record.reports;
    const plan = withRunReasons(result.plan, runReasons(trigger, reports));
    const saved = history.savePlanRun({
      schemaVersion: SLOW_LOOP_RUN_SCHEMA_VERSION,
      generatedAtMs: input.nowMs,
      input: { trigger: label, replanTrigger: trigger, plugOccurrences: built.record.plugs, dataStatus: built.record.dataStatus, ...input },
      result: { decision: result.decision, plan },
    });
    if (!saved.ok) logger.warn("could not persist the plan run", { error: saved.error });
    const kept = solverFailureKeepsLast(plan, ctx.state.plan, input.nowMs);
    ctx.state.lastRun = { ...built.record, trigger };
    if (kept !== null) {
      logger.warn("all solvers failed; keeping the last plan", { trigger: label, cause: kept });
      return;
    }
    ctx.state.plan = plan;
    const notFresh = reports.filter((r) => r.status.kind !== "fresh").map((r) => `${r.input}: ${describeInputStatus(r.status)}`);
    logger.info("planned", { trigger: label, status: plan.status, decision: result.decision, slots: plan.slots.length, plugs: input.plugs.length, objectiveEur: plan.objectiveEur, ...(notFresh.length > 0 ? { inputs: notFresh } : {}) });
    ctx.opts.onPlan?.(publicPlan(plan), input.slots, { trigger, plugs: input.plugs.map((p) => ({ ...p, id: plugIdOf(p.id) })), dataStatus: built.record.dataStatus });
  } catch (err) {
    logger.error("re-plan failed; keeping the last plan", { trigger: label, error: err instanceof Error ? err.message : String(err) });
  }
}
