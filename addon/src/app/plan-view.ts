import type { Plan } from "../domain/index.js";
import { reasonText } from "../domain/reason-text.js";

/** The plan as the status page shows it: status, cost and the next slots with their reasons. */
export interface PlanView {
  readonly status: Plan["status"];
  readonly generatedAtMs: number;
  readonly objectiveEur: number;
  readonly notes: readonly string[];
  readonly slots: readonly {
    readonly startMs: number;
    readonly action: string;
    readonly acOutW: number;
    readonly acInW: number;
    readonly socPct: number;
    readonly gridW: number;
    readonly plugsOn: readonly string[];
    readonly reasons: readonly string[];
  }[];
}

const SHOWN_SLOTS = 16;

export function planView(plan: Plan, nowMs: number, timeZone: string): PlanView {
  const text = (r: Plan["reasons"][number]): string => reasonText(r, "en", { timeZone });
  return {
    status: plan.status,
    generatedAtMs: plan.generatedAtMs,
    objectiveEur: Math.round(plan.objectiveEur * 100) / 100,
    notes: plan.reasons.map(text),
    slots: plan.slots
      .filter((s) => s.endMs > nowMs)
      .slice(0, SHOWN_SLOTS)
      .map((s) => ({
        startMs: s.startMs,
        action: s.action,
        acOutW: Math.round(s.acOutW),
        acInW: Math.round(s.acInW),
        socPct: Math.round(s.socPct * 10) / 10,
        gridW: Math.round(s.gridW),
        plugsOn: s.plugsOn,
        reasons: s.reasons.map(text),
      })),
  };
}
