/**
 * Inbound command parsing (STYLE.md P7) and the state document the entities read. Payloads are
 * what HA's MQTT platforms send: select → option, number → "25" / "25.0", switch → ON/OFF,
 * button → PRESS.
 */
import { describe, expect, it } from "vitest";
import { applyEntityCommand, entitiesStateSchema, type EntityCommand } from "../../addon/src/domain/entities.js";
import { parseCommand } from "../../addon/src/mqtt/commands.js";
import { toStateDoc } from "../../addon/src/mqtt/state-doc.js";
import { sampleState } from "./helpers.js";

const GOOD: readonly (readonly [string, string, EntityCommand])[] = [
  ["mode", "auto", { kind: "set_mode", mode: "auto" }],
  ["mode", "self_consumption", { kind: "set_mode", mode: "self_consumption" }],
  ["mode", " hold\n", { kind: "set_mode", mode: "hold" }],
  ["mode", "off", { kind: "set_mode", mode: "off" }],
  ["reserve_soc", "25", { kind: "set_reserve_soc", socPct: 25 }],
  ["reserve_soc", "25.0", { kind: "set_reserve_soc", socPct: 25 }],
  ["reserve_soc", "0", { kind: "set_reserve_soc", socPct: 0 }],
  ["reserve_soc", "100", { kind: "set_reserve_soc", socPct: 100 }],
  ["reserve_soc", "33.6", { kind: "set_reserve_soc", socPct: 34 }],
  ["grid_target", "-50", { kind: "set_grid_target", powerW: -50 }],
  ["grid_target", "1000.0", { kind: "set_grid_target", powerW: 1000 }],
  ["grid_target", "+20", { kind: "set_grid_target", powerW: 20 }],
  ["optimizer", "ON", { kind: "set_optimizer_enabled", enabled: true }],
  ["optimizer", "OFF", { kind: "set_optimizer_enabled", enabled: false }],
  ["replan", "PRESS", { kind: "replan" }],
];

const BAD: readonly (readonly [string, string, RegExp])[] = [
  ["mode", "turbo", /unknown option/],
  ["mode", "AUTO", /unknown option/],
  ["mode", "", /unknown option/],
  ["reserve_soc", "abc", /not a number/],
  ["reserve_soc", "", /not a number/],
  ["reserve_soc", "1e2", /not a number/],
  ["reserve_soc", "NaN", /not a number/],
  ["reserve_soc", "101", /above the maximum 100 %/],
  ["reserve_soc", "-1", /below the minimum 0 %/],
  ["grid_target", "5000", /above the maximum 1000 W/],
  ["grid_target", "-1000.5", /below the minimum -1000 W/],
  ["grid_target", "{\"value\":5}", /not a number/],
  ["optimizer", "on", /expected ON or OFF/],
  ["optimizer", "true", /expected ON or OFF/],
  ["replan", "GO", /expected PRESS/],
  ["plan", "PRESS", /no entity "plan" takes commands/],
  ["__proto__", "x", /no entity "__proto__" takes commands/],
];

describe("parseCommand", () => {
  it.each(GOOD)("%s %j → %j", (key, payload, command) => {
    expect(parseCommand(key, payload)).toEqual({ ok: true, command });
  });

  it.each(BAD)("%s %j is rejected: %s", (key, payload, reason) => {
    const r = parseCommand(key, payload);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(reason);
      expect(r.key).toBe(key);
      expect(r.payload).toBe(payload);
    }
  });
});

describe("applyEntityCommand", () => {
  it("changes exactly the commanded setting", () => {
    const s = sampleState();
    expect(applyEntityCommand(s, { kind: "set_mode", mode: "charge" })).toEqual({ ...s, mode: "charge" });
    expect(applyEntityCommand(s, { kind: "set_reserve_soc", socPct: 40 })).toEqual({ ...s, reserveSocPct: 40 });
    expect(applyEntityCommand(s, { kind: "set_grid_target", powerW: -30 })).toEqual({ ...s, gridTargetW: -30 });
    expect(applyEntityCommand(s, { kind: "set_optimizer_enabled", enabled: false })).toEqual({ ...s, optimizerEnabled: false });
    expect(applyEntityCommand(s, { kind: "replan" })).toBe(s);
  });
});

describe("entitiesStateSchema", () => {
  it("accepts a complete state and rejects each broken field with its path", () => {
    expect(entitiesStateSchema.safeParse(sampleState()).success).toBe(true);
    const broken = { ...sampleState(), mode: "turbo", reserveSocPct: 120, currentAction: "x".repeat(256), problem: { active: true } };
    const r = entitiesStateSchema.safeParse(broken);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["currentAction", "mode", "problem.cause", "reserveSocPct"]);
  });
});

describe("toStateDoc", () => {
  it("maps every field with HA's payloads, rounding and ISO times", () => {
    expect(toStateDoc(sampleState())).toEqual({
      mode: "auto",
      reserve_soc: 20,
      grid_target: 0,
      optimizer: "ON",
      action: "discharge 240 W: grid costs 31.2 ct/kWh",
      problem: "OFF",
      problem_cause: null,
      data_age_grid_meter: 2,
      data_age_battery: 11,
      data_age_prices: 3600,
      data_age_pv_forecast: 1801,
      data_age_load_forecast: null,
      savings_today: 0.46,
      savings_month: 12.3,
      savings_today_since: "2026-11-21T23:00:00.000Z",
      savings_month_since: "2026-10-31T23:00:00.000Z",
      optimizer_share_month: 4.56,
      import_today: 3.2,
      import_today_no_battery: 5.75,
      tariff: "Dynamic, spot feed-in",
      tariff_summary: "Dynamic is cheapest.",
      tariff_days_used: 365,
      tariff_months_extrapolated: [],
      tariff_candidates: [{ name: "Dynamic, spot feed-in", rank: 1, yearly_eur: 812, standing_eur: 180, battery_saving_eur: 122 }],
      next_cheap_start: "2026-11-22T12:00:00.000Z",
      next_cheap_end: "2026-11-22T14:30:00.000Z",
      soc: 54,
      battery_power: 240,
      pv_power: 0,
      home_load: 300,
      grid_power: 60,
    });
  });

  it("publishes empty tariff attributes and null savings before the first computation", () => {
    const doc = toStateDoc({ ...sampleState(), tariff: null, savingsTodayEur: null, periodStartMs: null });
    expect([doc.tariff, doc.tariff_summary, doc.tariff_days_used, doc.tariff_candidates, doc.savings_today, doc.savings_today_since]).toEqual([null, "", 0, [], null, null]);
  });

  it("reports a problem with its cause and no window as null", () => {
    const doc = toStateDoc({ ...sampleState(), problem: { active: true, cause: "grid meter stale" }, nextCheapWindow: null, optimizerEnabled: false });
    expect([doc.problem, doc.problem_cause, doc.next_cheap_start, doc.next_cheap_end, doc.optimizer]).toEqual(["ON", "grid meter stale", null, null, "OFF"]);
  });

  it("keeps the action within HA's 255-character state limit without splitting characters", () => {
    const long = "€".repeat(200) + "🔋".repeat(100);
    const action = toStateDoc({ ...sampleState(), currentAction: long }).action;
    expect(Array.from(action)).toHaveLength(255);
    expect(action.endsWith("🔋")).toBe(true);
  });
});
