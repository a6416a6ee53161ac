import { describe, expect, it } from "vitest";
import type { Plan, PlannerSlotInput, PlanSlot, SlotAction } from "../../addon/src/domain/index.js";
import { currentActionText, nextCheapWindow } from "../../addon/src/app/plan-summary.js";

const T0 = Date.UTC(2024, 5, 15, 18, 0);
const Q = 900_000;

function slot(i: number, action: SlotAction): PlanSlot {
  return { startMs: T0 + i * Q, endMs: T0 + (i + 1) * Q, pvUsedW: 0, pvCurtailedW: 0, acOutW: 0, acInW: action === "grid_charge" ? 600 : 0, plugsOn: [], batteryW: 0, gridW: 0, socPct: 50, costEur: 0, action, reasons: [] };
}
function plan(actions: readonly SlotAction[], status: Plan["status"] = "optimal"): Plan {
  return { status, generatedAtMs: T0, objectiveEur: 0, slots: actions.map((a, i) => slot(i, a)), reasons: [] };
}
function inputs(prices: readonly number[]): PlannerSlotInput[] {
  return prices.map((p, i) => ({ startMs: T0 + i * Q, endMs: T0 + (i + 1) * Q, loadW: 300, pvW: 0, importPriceEurPerKWh: p, exportPriceEurPerKWh: 0 }));
}

describe("next cheap window", () => {
  it("is the next run of grid-charging slots in the plan", () => {
    const p = plan(["idle", "discharge", "grid_charge", "grid_charge", "idle", "grid_charge"]);
    expect(nextCheapWindow(p, inputs([0.3, 0.3, 0.1, 0.1, 0.3, 0.1]), T0 + 60_000)).toEqual({ startMs: T0 + 2 * Q, endMs: T0 + 4 * Q });
  });

  it("includes the running slot when the plan charges now", () => {
    const p = plan(["grid_charge", "grid_charge", "idle"]);
    expect(nextCheapWindow(p, inputs([0.1, 0.1, 0.3]), T0 + Q + 1)).toEqual({ startMs: T0 + Q, endMs: T0 + 2 * Q });
  });

  it("without planned charging: the next slots in the cheapest quarter of the horizon's prices", () => {
    const p = plan(["idle", "idle", "idle", "idle", "idle", "idle", "idle", "idle"]);
    const window = nextCheapWindow(p, inputs([0.3, 0.32, 0.35, 0.12, 0.11, 0.3, 0.29, 0.4]), T0);
    expect(window).toEqual({ startMs: T0 + 3 * Q, endMs: T0 + 5 * Q });
  });

  it("is null for a flat price and without a plan", () => {
    expect(nextCheapWindow(plan(["idle", "idle", "idle"]), inputs([0.3, 0.3, 0.3]), T0)).toBeNull();
    expect(nextCheapWindow(null, inputs([0.1, 0.3]), T0)).toBeNull();
  });
});

describe("plan sensor state (current action)", () => {
  const p = plan(["grid_charge", "discharge"]);
  it.each([
    [{ plan: p, nowMs: T0, setpointW: -600, mode: "auto", problem: null }, "Charging from the grid · charge 600 W from the grid"],
    [{ plan: p, nowMs: T0 + Q, setpointW: 240, mode: "auto", problem: null }, "Supplying the home · output 240 W"],
    [{ plan: plan(["idle"], "fallback"), nowMs: T0, setpointW: 0, mode: "auto", problem: null }, "Holding the battery (rules) · 0 W"],
    [{ plan: p, nowMs: T0, setpointW: 0, mode: "hold", problem: null }, "Holding (mode) · 0 W"],
    [{ plan: null, nowMs: T0, setpointW: null, mode: "auto", problem: null }, "No plan yet · waiting for readings"],
    [{ plan: p, nowMs: T0, setpointW: 300, mode: "auto", problem: "grid meter stale for 45 s" }, "Safe state: grid meter stale for 45 s"],
  ] as const)("%j → %s", (args, text) => {
    expect(currentActionText(args)).toBe(text);
  });

  it("stays within HA's 255 characters", () => {
    expect(currentActionText({ plan: p, nowMs: T0, setpointW: 0, mode: "auto", problem: "x".repeat(400) }).length).toBe(255);
  });
});
