// The control wiring's two readers of the plan (addon/src/app/control-wiring.ts): a plug's wish
// from the covering slot (request ids "<plug>@<local date>") and the LED's prices from the
// planner's inputs, checked by hand on a three-slot plan.
import { describe, expect, it } from "vitest";
import type { Plan, PlannerSlotInput, PlanSlot } from "../../addon/src/domain/index.js";
import { ledPrices, plugWishAt } from "../../addon/src/app/control-wiring.js";

const Q = 15 * 60_000;
const T0 = Date.parse("2026-11-22T10:00:00Z");

function slot(i: number, plugsOn: string[]): PlanSlot {
  return { startMs: T0 + i * Q, endMs: T0 + (i + 1) * Q, pvUsedW: 0, pvCurtailedW: 0, acOutW: 0, acInW: 0, plugsOn, batteryW: 0, gridW: 0, socPct: 50, costEur: 0, action: "idle", reasons: [] };
}

const plan: Plan = { status: "optimal", generatedAtMs: T0, objectiveEur: 0, reasons: [], slots: [slot(0, []), slot(1, ["dish@2026-11-22"]), slot(2, ["dish@2026-11-22", "ebike"])] };

describe("plugWishAt", () => {
  it.each([
    ["before the plan", "dish", T0 - 1, null],
    ["slot 0: off", "dish", T0, { on: false, slotStartMs: T0 }],
    ["slot 1 (last ms of slot 0 is still off)", "dish", T0 + Q - 1, { on: false, slotStartMs: T0 }],
    ["slot 1: on via its dated request id", "dish", T0 + Q, { on: true, slotStartMs: T0 + Q }],
    ["slot 2: a plain id works too", "ebike", T0 + 2 * Q + 5, { on: true, slotStartMs: T0 + 2 * Q }],
    ["another plug is not switched by a prefix", "dis", T0 + Q, { on: false, slotStartMs: T0 + Q }],
    ["after the plan", "dish", T0 + 3 * Q, null],
  ] as const)("%s", (_n, id, nowMs, want) => {
    expect(plugWishAt(plan, id, nowMs)).toEqual(want);
  });
  it("no plan → null", () => {
    expect(plugWishAt(null, "dish", T0)).toBeNull();
  });
});

describe("ledPrices", () => {
  const inputs: PlannerSlotInput[] = [0.3, 0.1, Number.NaN, 0.2].map((p, i) => ({ startMs: T0 + i * Q, endMs: T0 + (i + 1) * Q, importPriceEurPerKWh: p, exportPriceEurPerKWh: 0, loadW: 0, pvW: 0 }));
  it("now and the rest of the horizon, without NaN prices", () => {
    expect(ledPrices(inputs, T0 + Q + 1)).toEqual({ slotStartMs: T0 + Q, nowEurPerKWh: 0.1, horizonEurPerKWh: [0.1, 0.2] });
  });
  it("no slot for now (or a NaN price now) → null", () => {
    expect(ledPrices(inputs, T0 + 2 * Q)).toBeNull();
    expect(ledPrices(inputs, T0 - 1)).toBeNull();
    expect(ledPrices([], T0)).toBeNull();
  });
});
