/** The card config schema (lovelace-card/src/card/config.ts): defaults, field-named errors, editor edits. */
import { describe, expect, it } from "vitest";
import { applyEdit, entityIds, parseCardConfig, stubConfig } from "../../lovelace-card/src/card/config.js";

describe("parseCardConfig", () => {
  it("fills the defaults from the schema", () => {
    const r = parseCardConfig({ type: "custom:sunshift-card" });
    expect(r).toEqual({ ok: true, config: { type: "custom:sunshift-card", prefix: "sunshift", hours: 24, show_flow: true, show_controls: true, stale_prices_h: 26, stale_pv_forecast_h: 6, stale_meter_s: 120 } });
  });

  it.each([
    [{ hours: 100 }, "hours: must be at most 48"],
    [{ hours: 3 }, "hours: must be at least 6"],
    [{ hours: 12.5 }, "hours: must be a whole number"],
    [{ hours: "24" }, "hours: must be a whole number"],
    [{ prefix: "Sun Shift" }, "prefix: lower-case letters, digits and _ only (e.g. sunshift)"],
    [{ show_flow: "yes" }, "show_flow: must be true or false"],
    [{ stale_meter_s: 0 }, "stale_meter_s: must be > 0"],
    [{ stale_prices_h: 500 }, "stale_prices_h: must be at most 168"],
    [{ title: "x".repeat(61) }, "title: at most 60 characters"],
    [{ hours: 100, prefix: "A" }, "prefix: lower-case letters, digits and _ only (e.g. sunshift); hours: must be at most 48"],
  ])("%j → %s", (raw, error) => {
    expect(parseCardConfig({ type: "custom:sunshift-card", ...raw })).toEqual({ ok: false, error });
  });

  it("rejects a config that is not an object", () => {
    expect(parseCardConfig("sunshift")).toMatchObject({ ok: false, error: expect.stringMatching(/^config: /) as unknown });
  });

  it("accepts HA's own keys (grid_options, visibility) next to ours", () => {
    expect(parseCardConfig({ type: "custom:sunshift-card", grid_options: { columns: 6 }, visibility: [] }).ok).toBe(true);
  });

  it("gives a stub that parses", () => {
    expect(parseCardConfig(stubConfig()).ok).toBe(true);
  });
});

describe("applyEdit (editor)", () => {
  const raw = { type: "custom:sunshift-card", title: "Battery", hours: 24, grid_options: { columns: 6 } };
  it("sets numbers from input strings and keeps unknown keys", () => {
    expect(applyEdit(raw, "hours", "36", "number")).toEqual({ type: "custom:sunshift-card", title: "Battery", grid_options: { columns: 6 }, hours: 36 });
  });
  it("removes a key emptied by the user so its default applies", () => {
    const next = applyEdit(raw, "title", "", "text");
    expect(next).toEqual({ type: "custom:sunshift-card", hours: 24, grid_options: { columns: 6 } });
    const parsed = parseCardConfig(next);
    expect(parsed.ok && parsed.config.title).toBe(undefined);
  });
  it("sets booleans", () => {
    expect(applyEdit(raw, "show_flow", false, "bool")).toMatchObject({ show_flow: false });
  });
});

describe("entityIds", () => {
  it("follows the add-on's default_entity_id (<component>.<prefix>_<key>)", () => {
    expect(entityIds("sunshift")).toMatchObject({ plan: "sensor.sunshift_plan", mode: "select.sunshift_mode", replan: "button.sunshift_replan", problem: "binary_sensor.sunshift_problem", agePrices: "sensor.sunshift_data_age_prices" });
    expect(entityIds("garage").soc).toBe("sensor.garage_soc");
  });
});
