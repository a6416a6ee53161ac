import type { FixedDecision, Plan, PlanReason, PlannerInput, Solver } from "../domain/index.js";
import { optimize } from "./optimize.js";
import { assemblePlan } from "./assemble.js";
import { simulate, stepSlot, type Decision } from "./physics.js";
import { headroom } from "./rules.js";
import { physicsViolation } from "./verify.js";
import { slotHours } from "./build-model.js";

/** When a re-plan may replace the running plan (issue 3, stability). */
export interface StabilityConfig {
  /** The candidate must be cheaper by at least this much over the common horizon, EUR. */
  readonly marginEur: number;
  /** Slots from now whose inverter set-points and plug states stay as planned when replacing. */
  readonly stickySlots: number;
  /** |observed − planned SOC| above this means the state is off plan: no stickiness, re-plan. */
  readonly socTolerancePct: number;
  /** Replace anyway when fewer than this share of the new horizon is still covered (0..1). */
  readonly minCoverage: number;
}

export const DEFAULT_STABILITY: StabilityConfig = { marginEur: 0.02, stickySlots: 1, socTolerancePct: 5, minCoverage: 0.5 };

export interface ReplanResult {
  readonly plan: Plan;
  readonly decision: "adopted" | "replaced" | "kept";
}

function withReason(plan: Plan, reason: PlanReason): Plan {
  return { ...plan, reasons: [...plan.reasons, reason] };
}

const decisionOf = (s: Plan["slots"][number]): Decision => ({ pvUsedW: s.pvUsedW, acOutW: s.acOutW, acInW: s.acInW, plugsOn: s.plugsOn });

/**
 * How the hub executes a plan's set-points when PV and load differ from the forecast: PV fills
 * the battery as far as it can take it; output or AC charging shrink at the SOC limits.
 */
export function followPlan(input: PlannerInput, decisions: readonly Decision[]): Decision[] {
  const dtH = slotHours(input);
  const eta = input.battery.inverterEfficiency;
  let stored = (input.socStartPct / 100) * input.battery.capacityWh;
  return decisions.map((d, t) => {
    const room = headroom({ input, dtH }, stored);
    const pv = input.slots[t]?.pvW ?? 0;
    const pvUsedW = Math.max(0, Math.min(pv, room.chargeW + d.acOutW / eta - d.acInW * eta));
    const acInW = Math.max(0, Math.min(d.acInW, (room.chargeW + d.acOutW / eta - pvUsedW) / eta));
    const acOutW = Math.max(0, Math.min(d.acOutW, (pvUsedW + acInW * eta + room.dischargeW) * eta));
    const out: Decision = { pvUsedW, acOutW, acInW, plugsOn: d.plugsOn };
    stored = stepSlot(input, t, out, stored, dtH).storedWhEnd;
    return out;
  });
}

/** Contract cost of decisions over the first m slots of the new input (terminal value at slot m). */
function costOver(input: PlannerInput, decisions: readonly Decision[], m: number): number {
  const sub: PlannerInput = { ...input, slots: input.slots.slice(0, m) };
  const executed = followPlan(sub, decisions.slice(0, m));
  if (physicsViolation(sub, executed) !== null) return Infinity;
  return simulate(sub, executed, slotHours(input)).objectiveEur;
}

/**
 * True when the running plan's plug states over the first m slots still satisfy the new plug
 * requests exactly: each request on in runSlots slots, all inside its window, and no plug on
 * that is no longer requested. A run that finished early, was started by hand or newly
 * appeared makes the running plan unusable for plugs, so it is replaced.
 */
export function plugsMatch(input: PlannerInput, decisions: readonly Decision[], m: number): boolean {
  const ids = new Set(input.plugs.map((p) => p.id));
  for (const d of decisions.slice(0, m)) if (d.plugsOn.some((id) => !ids.has(id))) return false;
  return input.plugs.every((p) => {
    let on = 0;
    for (let t = 0; t < m; t++) {
      if (!(decisions[t]?.plugsOn.includes(p.id) ?? false)) continue;
      if (t < p.earliestSlot || t > p.latestSlot) return false;
      on++;
    }
    return on === p.runSlots;
  });
}

/** The off-plan reason when the observed SOC left the running plan's by more than the tolerance. */
function offPlan(running: Plan, k: number, input: PlannerInput, cfg: StabilityConfig): PlanReason | null {
  const planned = k > 0 ? running.slots[k - 1]?.socPct : undefined;
  if (planned === undefined || Math.abs(planned - input.socStartPct) <= cfg.socTolerancePct) return null;
  return { kind: "off_plan", plannedSocPct: planned, observedSocPct: input.socStartPct };
}

/**
 * Re-plans with hysteresis: the new plan replaces the running one only when it is cheaper by
 * `marginEur` over the slots both cover (evaluated on the new forecasts), and then the first
 * `stickySlots` keep the running plan's set-points — unless the SOC is off plan, in which case
 * the fresh plan is taken as it is. A kept plan is re-evaluated on the new forecasts.
 */
export function replan(input: PlannerInput, solvers: readonly Solver[], running: Plan | null, cfg: StabilityConfig = DEFAULT_STABILITY): ReplanResult {
  const candidate = optimize(input, solvers).plan;
  const first = input.slots[0];
  const k = running?.slots.findIndex((s) => s.startMs === first?.startMs) ?? -1;
  if (running === null || k < 0 || candidate.status === "fallback") return { plan: candidate, decision: "adopted" };
  const off = offPlan(running, k, input, cfg);
  if (off !== null) return { plan: withReason(candidate, off), decision: "replaced" };
  const kept = running.slots.slice(k).map(decisionOf);
  const m = Math.min(kept.length, input.slots.length);
  const keptCostEur = costOver(input, kept, m);
  const candidateCostEur = costOver(input, candidate.slots.map(decisionOf), m);
  const covered = m >= cfg.minCoverage * input.slots.length && plugsMatch(input, kept, m);
  if (covered && Number.isFinite(keptCostEur) && candidateCostEur + cfg.marginEur >= keptCostEur) {
    const sub: PlannerInput = { ...input, slots: input.slots.slice(0, m) };
    const again = assemblePlan(sub, followPlan(sub, kept.slice(0, m)), running.status, running.reasons.filter((r) => r.kind !== "plan_kept"), null);
    return { plan: withReason(again, { kind: "plan_kept", keptCostEur, candidateCostEur, marginEur: cfg.marginEur }), decision: "kept" };
  }
  const fixed: FixedDecision[] = kept.slice(0, cfg.stickySlots).map((d) => ({ acOutW: d.acOutW, acInW: d.acInW, plugsOn: d.plugsOn }));
  const sticky = optimize({ ...input, fixed }, solvers);
  const plan = sticky.kind === "planned" ? sticky.plan : candidate;
  const stickySlots = sticky.kind === "planned" ? fixed.length : 0;
  return { plan: withReason(plan, { kind: "plan_replaced", keptCostEur, candidateCostEur, stickySlots }), decision: "replaced" };
}
