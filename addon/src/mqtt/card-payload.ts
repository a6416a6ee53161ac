import {
  CARD_PAYLOAD_BUDGET_BYTES,
  CARD_PAYLOAD_VERSION,
  cardPayloadBytes,
  compactReason,
  reasonRunKey,
  type CardPayload,
  type CardReason,
} from "../domain/entities.js";
import type { Plan, PlanReason, PlannerSlotInput, PlugRequest } from "../domain/index.js";

/**
 * Plan → CardPayload (domain/card-payload.ts), the plan sensor's attributes. Pure.
 */

export interface CardPayloadInputs {
  /** The planner's slot inputs (prices, PV and load forecasts), matched to plan slots by startMs. */
  readonly slots: readonly PlannerSlotInput[];
  /** The plug requests of the run, for each plug's power. */
  readonly plugs: readonly PlugRequest[];
  /** Byte budget of the JSON; defaults to CARD_PAYLOAD_BUDGET_BYTES (under HA's 16 KiB). */
  readonly budgetBytes?: number;
}

const DEFAULT_STEP_MIN = 15;

/**
 * The card's compact view of `plan`. Precondition (the planner's): slots contiguous and of one
 * length. Slot reasons of the same kind and subject in consecutive slots merge into one item.
 * If the JSON would exceed the budget, slot reasons are dropped from the end (the far future
 * matters least) and counted in `reasonsDropped`; the per-slot arrays are always complete.
 */
export function toCardPayload(plan: Plan, inputs: CardPayloadInputs): CardPayload {
  const first = plan.slots[0];
  const startMs = first?.startMs ?? plan.generatedAtMs;
  const stepMin = first === undefined ? DEFAULT_STEP_MIN : Math.round((first.endMs - first.startMs) / 60_000);
  const byStart = new Map(inputs.slots.map((s) => [s.startMs, s]));
  const inputOf = (startSlotMs: number): PlannerSlotInput | undefined => byStart.get(startSlotMs);
  const roundOrNull = (v: number | undefined): number | null => (v === undefined ? null : Math.round(v));
  const payload: CardPayload = {
    v: CARD_PAYLOAD_VERSION,
    status: plan.status,
    generatedAtMs: Math.round(plan.generatedAtMs),
    startMs,
    stepMin,
    importP: plan.slots.map((s) => {
      const p = inputOf(s.startMs)?.importPriceEurPerKWh;
      return p === undefined ? null : Math.round(p * 1000);
    }),
    socPct: plan.slots.map((s) => Math.round(s.socPct)),
    batteryW: plan.slots.map((s) => Math.round(s.batteryW)),
    pvW: plan.slots.map((s) => roundOrNull(inputOf(s.startMs)?.pvW)),
    loadW: plan.slots.map((s) => roundOrNull(inputOf(s.startMs)?.loadW)),
    gridW: plan.slots.map((s) => Math.round(s.gridW)),
    plugs: plugRuns(plan, inputs.plugs),
    reasons: slotReasons(plan, startMs),
    planReasons: plan.reasons.map((r) => compactReason(r, { i: 0, n: Math.max(1, plan.slots.length), startMs })),
    reasonsDropped: 0,
  };
  return fitBudget(payload, inputs.budgetBytes ?? CARD_PAYLOAD_BUDGET_BYTES);
}

/** Each plug's runs as [first slot, count], sorted; plugs without runs are kept (w known). */
function plugRuns(plan: Plan, requests: readonly PlugRequest[]): CardPayload["plugs"] {
  const ids = new Set<string>(requests.map((r) => r.id));
  for (const s of plan.slots) for (const id of s.plugsOn) ids.add(id);
  return [...ids].sort().map((id) => {
    const runs: [number, number][] = [];
    plan.slots.forEach((s, i) => {
      if (!s.plugsOn.includes(id)) return;
      const last = runs[runs.length - 1];
      if (last !== undefined && last[0] + last[1] === i) last[1] += 1;
      else runs.push([i, 1]);
    });
    const w = requests.find((r) => r.id === id)?.powerW ?? 0;
    return { id, w: Math.round(w), runs };
  });
}

interface OpenRun {
  readonly first: PlanReason;
  readonly i: number;
  n: number;
}

/** Slot reasons merged over consecutive slots (same run key), sorted by first slot. */
function slotReasons(plan: Plan, startMs: number): CardReason[] {
  const open = new Map<string, OpenRun>();
  const closed: OpenRun[] = [];
  plan.slots.forEach((slot, i) => {
    for (const reason of slot.reasons) {
      const key = reasonRunKey(reason);
      const run = open.get(key);
      if (run !== undefined && run.i + run.n === i) {
        run.n += 1;
        continue;
      }
      if (run !== undefined) closed.push(run);
      open.set(key, { first: reason, i, n: 1 });
    }
  });
  closed.push(...open.values());
  closed.sort((a, b) => a.i - b.i);
  return closed.map((r) => compactReason(r.first, { i: r.i, n: r.n, startMs }));
}

function fitBudget(payload: CardPayload, budgetBytes: number): CardPayload {
  let reasons = payload.reasons;
  let candidate = payload;
  while (cardPayloadBytes(candidate) > budgetBytes && reasons.length > 0) {
    // Drop roughly the excess at once, then one by one (each item is ≥ ~40 bytes).
    const excess = cardPayloadBytes(candidate) - budgetBytes;
    const drop = Math.max(1, Math.min(reasons.length, Math.floor(excess / 200)));
    reasons = reasons.slice(0, reasons.length - drop);
    candidate = { ...payload, reasons, reasonsDropped: payload.reasons.length - reasons.length };
  }
  return candidate;
}
