import type { Plan, PlanReason, PlanSlot, PlanStatus, PlannerInput, PlannerSlotInput } from "../domain/index.js";
import { simulate, slotAction, type Decision, type SlotOutcome } from "./physics.js";
import { deriveReasons } from "./reasons.js";
import { slotHours } from "./build-model.js";

function toPlanSlot(s: PlannerSlotInput, d: Decision, o: SlotOutcome, reasons: readonly PlanReason[]): PlanSlot {
  return {
    startMs: s.startMs,
    endMs: s.endMs,
    pvUsedW: d.pvUsedW,
    pvCurtailedW: Math.max(0, s.pvW - d.pvUsedW),
    acOutW: d.acOutW,
    acInW: d.acInW,
    plugsOn: d.plugsOn,
    batteryW: -o.dcNetW,
    gridW: o.gridW,
    socPct: o.socPct,
    costEur: o.costEur,
    action: slotAction(d, o.dcNetW),
    reasons,
  };
}

/** Turns decisions into a plan: contract physics for the derived fields, reasons per slot. */
export function assemblePlan(
  input: PlannerInput,
  decisions: readonly Decision[],
  status: PlanStatus,
  planReasons: readonly PlanReason[],
  storedValue: readonly number[] | null,
  slotExtra: (t: number) => readonly PlanReason[] = () => [],
): Plan {
  const dtH = slotHours(input);
  const sim = simulate(input, decisions, dtH);
  const reasons = deriveReasons({ input, decisions, outcomes: sim.slots, storedValue });
  const slots = decisions.flatMap((d, t): PlanSlot[] => {
    const s = input.slots[t];
    const o = sim.slots[t];
    if (s === undefined || o === undefined) return [];
    return [toPlanSlot(s, d, o, [...slotExtra(t), ...(reasons[t] ?? [])])];
  });
  return { status, generatedAtMs: input.nowMs, objectiveEur: sim.objectiveEur, slots, reasons: planReasons };
}
