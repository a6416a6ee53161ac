import type { EpochMs, Plan, PlannerSlotInput, SlotAction, SunshiftMode } from "../domain/index.js";

/**
 * What the plan sensor and the next-cheap-window sensors show, from the running plan. Pure.
 */

/** The slot covering `nowMs`, or null. */
function slotIndexAt(plan: Plan, nowMs: EpochMs): number {
  return plan.slots.findIndex((s) => s.startMs <= nowMs && nowMs < s.endMs);
}

/** The first run of consecutive slots from `from` on satisfying `pick`, as [startMs, endMs). */
function firstRun<T extends { readonly startMs: EpochMs; readonly endMs: EpochMs }>(slots: readonly T[], from: number, pick: (s: T) => boolean): { startMs: EpochMs; endMs: EpochMs } | null {
  let i = from;
  while (i < slots.length && !pick(slots[i] as T)) i++;
  const first = slots[i];
  if (first === undefined) return null;
  let end = first.endMs;
  for (let j = i + 1; j < slots.length; j++) {
    const s = slots[j] as T;
    if (!pick(s) || s.startMs !== end) break;
    end = s.endMs;
  }
  return { startMs: first.startMs, endMs: end };
}

/**
 * The next cheap window [startMs, endMs) from now on: the next run of slots the plan charges
 * from the grid; when none is planned, the next run of slots priced in the cheapest quarter of
 * the horizon's import prices (what an automation would start a load in). Null without a plan.
 */
export function nextCheapWindow(plan: Plan | null, inputs: readonly PlannerSlotInput[], nowMs: EpochMs): { startMs: EpochMs; endMs: EpochMs } | null {
  if (plan === null) return null;
  const at = Math.max(0, slotIndexAt(plan, nowMs));
  const charging = firstRun(plan.slots, at, (s) => s.action === "grid_charge");
  if (charging !== null) return charging;
  const ahead = inputs.filter((s) => s.endMs > nowMs);
  const prices = ahead.map((s) => s.importPriceEurPerKWh).sort((a, b) => a - b);
  const q1 = prices[Math.floor((prices.length - 1) * 0.25)];
  if (q1 === undefined || (prices[prices.length - 1] ?? q1) - q1 < 1e-9) return null;
  return firstRun(ahead, 0, (s) => s.importPriceEurPerKWh <= q1);
}

const ACTION_TEXT: Readonly<Record<SlotAction, string>> = {
  grid_charge: "Charging from the grid",
  charge: "Charging from PV",
  discharge: "Supplying the home",
  idle: "Holding the battery",
};

const MODE_TEXT: Readonly<Record<Exclude<SunshiftMode, "auto">, string>> = {
  self_consumption: "Self-consumption (mode)",
  charge: "Charging (mode)",
  discharge: "Discharging (mode)",
  hold: "Holding (mode)",
  off: "Off (mode): not controlling",
};

function setpointText(setpointW: number | null): string {
  if (setpointW === null) return "waiting for readings";
  if (setpointW > 0) return `output ${setpointW} W`;
  if (setpointW < 0) return `charge ${-setpointW} W from the grid`;
  return "0 W";
}

/**
 * The plan sensor's state (English, ≤ 255 characters; the card shows its own translated text):
 * the planned action of the current slot and the set-point the fast loop holds, e.g.
 * "Charging from the grid · charge 600 W from the grid". A problem wins; a manual mode says so.
 */
export function currentActionText(args: { readonly plan: Plan | null; readonly nowMs: EpochMs; readonly setpointW: number | null; readonly mode: SunshiftMode; readonly problem: string | null }): string {
  if (args.problem !== null) return `Safe state: ${args.problem}`.slice(0, 255);
  const sp = setpointText(args.setpointW);
  if (args.mode !== "auto") return `${MODE_TEXT[args.mode]} · ${sp}`;
  const slot = args.plan === null ? undefined : args.plan.slots[slotIndexAt(args.plan, args.nowMs)];
  if (slot === undefined) return `No plan yet · ${sp}`;
  const fallback = args.plan?.status === "fallback" ? " (rules)" : "";
  return `${ACTION_TEXT[slot.action]}${fallback} · ${sp}`.slice(0, 255);
}
