import type { Plan, PlanReason, PlannerInput } from "../domain/index.js";
import type { Scenario } from "./scenario-schema.js";

/** Scenario v1 → planner input. Slot i starts at start + i·step (absolute time, DST-proof). */
export function scenarioToInput(s: Scenario): PlannerInput {
  const startMs = Date.parse(s.start);
  const stepMs = s.stepMinutes * 60_000;
  const { socStartPct, ...battery } = s.battery;
  return {
    nowMs: startMs,
    slots: s.importPriceEurPerKWh.map((imp, i) => ({
      startMs: startMs + i * stepMs,
      endMs: startMs + (i + 1) * stepMs,
      importPriceEurPerKWh: imp,
      exportPriceEurPerKWh: s.exportPriceEurPerKWh[i] ?? 0,
      loadW: s.loadW[i] ?? 0,
      pvW: s.pvW[i] ?? 0,
    })),
    battery,
    grid: s.grid,
    socStartPct,
    plugs: s.plugs.map(({ minOnSlots, minOffSlots, maxStarts, ...p }) => ({
      ...p,
      ...(minOnSlots === undefined ? {} : { minOnSlots }),
      ...(minOffSlots === undefined ? {} : { minOffSlots }),
      ...(maxStarts === undefined ? {} : { maxStarts }),
    })),
    options: { mipRelGap: 0, timeLimitMs: 30_000 },
  };
}

/** The offset of an ISO date-time in minutes ("+01:00" → 60, "Z" → 0). */
function offsetMinutes(iso: string): number {
  const m = /([+-])(\d\d):(\d\d)$/.exec(iso);
  if (m === null) return 0;
  const sign = m[1] === "-" ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3]));
}

/** Formats an instant with the scenario's offset, e.g. 2026-03-29T00:00:00+01:00. */
export function formatWithOffset(ms: number, offsetMin: number): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19);
  if (offsetMin === 0) return `${local}Z`;
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local}${offsetMin < 0 ? "-" : "+"}${hh}:${mm}`;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

export interface PlanJsonSlot {
  readonly start: string;
  readonly pvUsedW: number;
  readonly acOutW: number;
  readonly acInW: number;
  readonly plugsOn: readonly string[];
  readonly batteryW: number;
  readonly gridW: number;
  readonly socPct: number;
  readonly costEur: number;
  readonly reasons: readonly PlanReason[];
}

export interface PlanJson {
  readonly version: 1;
  readonly status: Plan["status"];
  readonly objectiveEur: number;
  readonly reasons: readonly PlanReason[];
  readonly slots: readonly PlanJsonSlot[];
}

/** Plan → contract plan v1 JSON. Decisions keep mW resolution; reported fields are rounded. */
export function planToJson(plan: Plan, s: Scenario): PlanJson {
  const off = offsetMinutes(s.start);
  return {
    version: 1,
    status: plan.status,
    objectiveEur: round(plan.objectiveEur, 9),
    reasons: plan.reasons,
    slots: plan.slots.map((x, i) => ({
      start: formatWithOffset(x.startMs, off),
      pvUsedW: round(x.pvUsedW, 3),
      acOutW: round(x.acOutW, 3),
      acInW: round(x.acInW, 3),
      plugsOn: x.plugsOn,
      batteryW: round(x.batteryW, 3),
      gridW: round(x.gridW, 3),
      socPct: round(x.socPct, 6),
      costEur: round(x.costEur, 9),
      // A fallback plan names its cause in the first slot too (the contract's slot reasons).
      reasons: i === 0 && plan.status === "fallback" ? [...plan.reasons.filter((r) => r.kind === "fallback"), ...x.reasons] : x.reasons,
    })),
  };
}
