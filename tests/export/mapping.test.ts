// toPoints mapping (addon/src/export/mapping.ts): readings, plan slots and sent commands become
// the documented measurements, tags and fields; hand-checked tables, one row per variant.
import { describe, expect, it } from "vitest";
import { commandPoint, decisionPoints, planPoints, readingPoints, toLine, type ExportPoint } from "../../addon/src/export/index.js";
import type { Command, Plan, PlanSlot, PlannerSlotInput } from "../../addon/src/domain/index.js";
import type { SentCall } from "../../addon/src/control/executor.js";

const T = 1_763_812_800_000; // 2025-11-22T12:00:00Z
const Q = 15 * 60_000;

describe("readingPoints", () => {
  it("one point per sample, plug series split into series + plug tags, non-finite dropped", () => {
    const points = readingPoints([
      { series: "grid_w", atMs: T, value: 412.5 },
      { series: "soc_pct", atMs: T, value: 63.2 },
      { series: "plug_w:dish_washer", atMs: T, value: 1850 },
      { series: "pv_w", atMs: T, value: Number.NaN },
    ]);
    expect(points).toEqual([
      { measurement: "sunshift_reading", tags: { series: "grid_w" }, fields: { value: 412.5 }, atMs: T },
      { measurement: "sunshift_reading", tags: { series: "soc_pct" }, fields: { value: 63.2 }, atMs: T },
      { measurement: "sunshift_reading", tags: { series: "plug_w", plug: "dish_washer" }, fields: { value: 1850 }, atMs: T },
    ]);
    expect(points.map((p) => toLine(p))).toEqual([
      `sunshift_reading,series=grid_w value=412.5 ${T}`,
      `sunshift_reading,series=soc_pct value=63.2 ${T}`,
      `sunshift_reading,plug=dish_washer,series=plug_w value=1850 ${T}`,
    ]);
  });
});

describe("planPoints", () => {
  const slot = (i: number, over: Partial<PlanSlot>): PlanSlot => ({
    startMs: T + i * Q,
    endMs: T + (i + 1) * Q,
    pvUsedW: 0,
    pvCurtailedW: 0,
    acOutW: 0,
    acInW: 0,
    plugsOn: [],
    batteryW: 0,
    gridW: 0,
    socPct: 50,
    costEur: 0,
    action: "idle",
    reasons: [],
    ...over,
  });
  const plan: Plan = {
    status: "optimal",
    generatedAtMs: T - 60_000,
    objectiveEur: 1.23,
    reasons: [],
    slots: [
      slot(0, { acInW: 900, batteryW: -855, gridW: 1200, socPct: 61.5, costEur: 0.021, action: "grid_charge", plugsOn: ["boiler", "dish"], reasons: [{ kind: "grid_charge", powerW: 900, priceNowEurPerKWh: 0.08, laterPriceEurPerKWh: 0.35, laterAtMs: T + 8 * Q, roundTripLossPct: 13 }] }),
      slot(1, { acOutW: 400, pvUsedW: 120, pvCurtailedW: 5, batteryW: 300, gridW: -10, socPct: 58, action: "discharge" }),
    ],
  };
  const inputs: PlannerSlotInput[] = [{ startMs: T, endMs: T + Q, importPriceEurPerKWh: 0.08, exportPriceEurPerKWh: 0.01, loadW: 300, pvW: 0 }];

  it("one point per slot at its start, prices and forecasts where an input matches", () => {
    const [first, second] = planPoints(plan, inputs);
    expect(first).toEqual({
      measurement: "sunshift_plan",
      tags: {},
      atMs: T,
      fields: {
        battery_w: -855, grid_w: 1200, soc_pct: 61.5, ac_out_w: 0, ac_in_w: 900, pv_used_w: 0, pv_curtailed_w: 0, cost_eur: 0.021,
        action: "grid_charge", reason: "grid_charge", plugs_on: "boiler,dish", status: "optimal", generated_at_ms: T - 60_000,
        import_price_eur_per_kwh: 0.08, export_price_eur_per_kwh: 0.01, load_forecast_w: 300, pv_forecast_w: 0,
      },
    });
    expect(second?.atMs).toBe(T + Q);
    expect(second?.fields).toMatchObject({ battery_w: 300, grid_w: -10, action: "discharge", reason: "", plugs_on: "" });
    expect(second?.fields).not.toHaveProperty("import_price_eur_per_kwh");
  });

  it("has no tags, so a newer plan overwrites the same slot instead of adding a series", () => {
    const newer = planPoints({ ...plan, generatedAtMs: T }, inputs);
    expect(newer.map((p) => [p.measurement, p.tags, p.atMs])).toEqual(planPoints(plan, inputs).map((p) => [p.measurement, p.tags, p.atMs]));
  });
});

describe("commandPoint", () => {
  const zfi = { kind: "zero_feed_in", gridPowerW: 150, targetW: 0, filteredGridW: 140 } as const;
  it.each<[string, Command, Partial<ExportPoint>]>([
    ["discharge: + set-point", { kind: "battery_discharge", powerW: 240, reason: zfi }, { tags: { command: "battery_discharge", reason: "zero_feed_in" }, fields: { outcome: "sent", setpoint_w: 240, grid_power_w: 150, target_w: 0, filtered_grid_w: 140 } }],
    ["AC charge: − set-point", { kind: "battery_ac_charge", powerW: 900, reason: { kind: "plan", slotStartMs: T, action: "grid_charge" } }, { tags: { command: "battery_ac_charge", reason: "plan" }, fields: { outcome: "sent", setpoint_w: -900, slot_start_ms: T, action: "grid_charge" } }],
    ["idle: 0", { kind: "battery_idle", reason: { kind: "safe_state", cause: "meter stale" } }, { tags: { command: "battery_idle", reason: "safe_state" }, fields: { outcome: "sent", setpoint_w: 0, cause: "meter stale" } }],
    ["plug: plug tag and on", { kind: "plug_switch", plugId: "boiler", on: true, reason: { kind: "manual_mode", mode: "charge" } }, { tags: { command: "plug_switch", reason: "manual_mode", plug: "boiler" }, fields: { outcome: "sent", on: true, mode: "charge" } }],
    ["light", { kind: "light_set", on: true, rgbColor: [0, 200, 50], brightnessPct: 40, reason: { kind: "startup_sync" } }, { tags: { command: "light_set", reason: "startup_sync" }, fields: { outcome: "sent", on: true, brightness_pct: 40, rgb: "0,200,50" } }],
  ])("%s", (_what, command, want) => {
    expect(commandPoint(command, T, "sent")).toEqual({ measurement: "sunshift_decision", atMs: T, ...want });
  });
});

describe("decisionPoints", () => {
  const discharge: Command = { kind: "battery_discharge", powerW: 300, reason: { kind: "grid_target", gridPowerW: 10, targetW: 0, filteredGridW: 12 } };
  const plug: Command = { kind: "plug_switch", plugId: "boiler", on: false, reason: { kind: "startup_sync" } };

  it("one point per command: failed if any of its calls failed, dry_run when not sent", () => {
    const points = decisionPoints(
      [
        { command: discharge, result: { ok: true, response: null } },
        { command: discharge, result: { ok: false } },
        { command: plug, result: { ok: true, response: "dry_run" } },
      ],
      T,
    );
    expect(points.map((p) => [p.tags.command, p.fields.outcome])).toEqual([
      ["battery_discharge", "failed"],
      ["plug_switch", "dry_run"],
    ]);
  });

  it("takes the executor's SentCall list as it is (the fast loop's `sent` event)", () => {
    const fromLoop = (calls: readonly SentCall[]): ExportPoint[] => decisionPoints(calls, T);
    expect(fromLoop([])).toEqual([]);
  });

  it("a failed call followed by a successful one still counts as failed", () => {
    const points = decisionPoints([{ command: plug, result: { ok: false } }, { command: plug, result: { ok: true, response: null } }], T);
    expect(points.map((p) => p.fields.outcome)).toEqual(["failed"]);
  });
});
