import type { EpochMs, Plan, PowerSeries, PowerSlot, PriceSeries, ReplanTrigger, Scheduler, SiteReadings } from "../domain/index.js";
import { DEFAULT_STABILITY } from "../planner/index.js";

/**
 * Event triggers of the slow loop (DESIGN.md "Two loops"): new prices, a PV forecast that moved,
 * a SOC off plan, mode or setting changes. Pure detectors plus one debouncer; the loop polls the
 * caches and calls these.
 */

/** How often the loop looks at the price and PV caches, clock time. */
export const EVENT_POLL_MS = 60_000;
/** Events within this span are merged into one re-plan (the first trigger names it). */
export const DEBOUNCE_MS = 5_000;
/** PV forecast energy over the running plan must move by this share… */
export const FORECAST_CHANGE_SHARE = 0.2;
/** …and by at least this many Wh, to re-plan. */
export const FORECAST_CHANGE_MIN_WH = 300;
/** |observed − planned SOC| above this is off plan (the stability rule's tolerance). */
export const SOC_OFF_PLAN_PCT = DEFAULT_STABILITY.socTolerancePct;
/** After a SOC event, the next one waits at least this long (a hub that cannot follow its plan). */
export const SOC_EVENT_COOLDOWN_MS = 10 * 60_000;

const future = <S extends { readonly endMs: EpochMs }>(slots: readonly S[], nowMs: EpochMs): S[] => slots.filter((s) => s.endMs > nowMs);

const QUARTER_MS = 15 * 60_000;

/** Price at instant `t` of slots sorted by start; undefined in a gap. */
function priceAt(slots: PriceSeries["slots"], t: EpochMs): number | undefined {
  return slots.find((s) => s.startMs <= t && t < s.endMs)?.priceEurPerKWh;
}

/**
 * `prices_changed` when the prices ahead of `nowMs` differ from those the last run used: a
 * price differs anywhere both cover (on the quarter-hour grid), or the new ones reach further
 * into the planning horizon (tomorrow published, prices after none). A rolling tariff that
 * only extends beyond `horizonEndMs` changes nothing. Slot counts are of the slots ahead.
 */
export function priceChange(before: PriceSeries | null, after: PriceSeries | null, nowMs: EpochMs, horizonEndMs: EpochMs): ReplanTrigger | null {
  if (after === null) return null;
  const a = future(before?.slots ?? [], nowMs);
  const b = future(after.slots, nowMs);
  const endA = Math.min(a.at(-1)?.endMs ?? nowMs, horizonEndMs);
  const endB = Math.min(b.at(-1)?.endMs ?? nowMs, horizonEndMs);
  let changed = endB > endA;
  for (let t = Math.floor(nowMs / QUARTER_MS) * QUARTER_MS; !changed && t < Math.min(endA, endB); t += QUARTER_MS) {
    const pa = priceAt(a, Math.max(t, nowMs));
    const pb = priceAt(b, Math.max(t, nowMs));
    changed = pa === undefined || pb === undefined ? pa !== pb : Math.abs(pa - pb) > 1e-9;
  }
  return changed ? { kind: "prices_changed", slotsBefore: a.length, slotsAfter: b.length } : null;
}

/** Energy of power slots within [fromMs, toMs), Wh (partial overlaps pro rata). */
export function energyWh(slots: readonly PowerSlot[], fromMs: EpochMs, toMs: EpochMs): number {
  let wh = 0;
  for (const s of slots) {
    const overlap = Math.min(s.endMs, toMs) - Math.max(s.startMs, fromMs);
    if (overlap > 0) wh += (s.powerW * overlap) / 3_600_000;
  }
  return wh;
}

/**
 * `forecast_changed` when the PV energy from `nowMs` to `untilMs` (the running plan's end) moved
 * by more than FORECAST_CHANGE_SHARE of the old value and FORECAST_CHANGE_MIN_WH.
 */
export function pvChange(before: PowerSeries | null, after: PowerSeries | null, nowMs: EpochMs, untilMs: EpochMs): ReplanTrigger | null {
  if (after === null || untilMs <= nowMs) return null;
  const was = energyWh(before?.slots ?? [], nowMs, untilMs);
  const now = energyWh(after.slots, nowMs, untilMs);
  const moved = Math.abs(now - was);
  if (moved < FORECAST_CHANGE_MIN_WH || moved <= FORECAST_CHANGE_SHARE * was) return null;
  return { kind: "forecast_changed", energyBeforeWh: was, energyAfterWh: now };
}

/**
 * The planned SOC at `nowMs`: linear between the end SOC of the previous slot (the run's start
 * SOC for the first) and that of the slot covering now. null when no slot covers now.
 */
export function plannedSocAt(plan: Plan, startSocPct: number, nowMs: EpochMs): number | null {
  const k = plan.slots.findIndex((s) => s.startMs <= nowMs && nowMs < s.endMs);
  const slot = plan.slots[k];
  if (slot === undefined) return null;
  const from = k === 0 ? startSocPct : (plan.slots[k - 1]?.socPct ?? startSocPct);
  const f = (nowMs - slot.startMs) / (slot.endMs - slot.startMs);
  return from + f * (slot.socPct - from);
}

/** `soc_off_plan` when the measured SOC is more than SOC_OFF_PLAN_PCT from the plan's (optimised plans only). */
export function socOffPlan(plan: Plan | null, startSocPct: number, site: SiteReadings, nowMs: EpochMs): ReplanTrigger | null {
  const soc = site.battery.socPct;
  if (plan === null || plan.status === "fallback" || !soc.ok) return null;
  const planned = plannedSocAt(plan, startSocPct, nowMs);
  if (planned === null || Math.abs(planned - soc.value) <= SOC_OFF_PLAN_PCT) return null;
  return { kind: "soc_off_plan", plannedSocPct: planned, observedSocPct: soc.value };
}

export interface Debouncer {
  /** Asks for a re-plan; within DEBOUNCE_MS of the first request they merge into one. */
  request(trigger: ReplanTrigger): void;
  /** True while a request waits. */
  pending(): boolean;
  cancel(): void;
}

/** Runs `fire` with the first trigger DEBOUNCE_MS (clock time) after it; later ones join it. */
export function createDebouncer(scheduler: Scheduler, fire: (trigger: ReplanTrigger, merged: number) => void, delayMs = DEBOUNCE_MS): Debouncer {
  let waiting: { trigger: ReplanTrigger; merged: number; cancel: () => void } | null = null;
  return {
    request(trigger) {
      if (waiting !== null) {
        waiting.merged++;
        return;
      }
      const cancel = scheduler.setTimeout(() => {
        const w = waiting;
        waiting = null;
        if (w !== null) fire(w.trigger, w.merged);
      }, delayMs);
      waiting = { trigger, merged: 0, cancel };
    },
    pending: () => waiting !== null,
    cancel() {
      waiting?.cancel();
      waiting = null;
    },
  };
}
