/**
 * Discovery payloads (HA-CONVENTIONS §9.1–9.5): exact topics and payloads per entity, the
 * shared device/origin/availability blocks, classes and units. Pure builders, no broker.
 */
import { describe, expect, it } from "vitest";
import { buildDiscovery, type DiscoveryContext } from "../../addon/src/mqtt/discovery.js";
import { topicsFor } from "../../addon/src/mqtt/topics.js";

const ctx: DiscoveryContext = { topics: topicsFor("homeassistant", "a1b2"), installId: "a1b2", version: "0.1.0" };
const messages = buildDiscovery(ctx);
const byKey = new Map(messages.map((m) => [m.key, m]));
const payloadOf = (key: string): Record<string, unknown> => {
  const m = byKey.get(key);
  if (m === undefined) throw new Error(`no entity ${key}`);
  return m.payload as unknown as Record<string, unknown>;
};

// key, component, default_entity_id, command topic, device_class, state_class, unit, entity_category
const TABLE: readonly (readonly [string, string, string, string | null, string | null, string | null, string | null, string | null])[] = [
  ["mode", "select", "select.sunshift_mode", "sunshift/a1b2/mode/set", null, null, null, null],
  ["reserve_soc", "number", "number.sunshift_reserve_soc", "sunshift/a1b2/reserve_soc/set", "battery", null, "%", "config"],
  ["grid_target", "number", "number.sunshift_grid_target", "sunshift/a1b2/grid_target/set", "power", null, "W", "config"],
  ["optimizer", "switch", "switch.sunshift_optimizer", "sunshift/a1b2/optimizer/set", null, null, null, "config"],
  ["replan", "button", "button.sunshift_replan", "sunshift/a1b2/replan/set", null, null, null, null],
  ["plan", "sensor", "sensor.sunshift_plan", null, null, null, null, null],
  ["problem", "binary_sensor", "binary_sensor.sunshift_problem", null, "problem", null, null, null],
  ["savings_today", "sensor", "sensor.sunshift_savings_today", null, "monetary", "total", "EUR", null],
  ["savings_month", "sensor", "sensor.sunshift_savings_month", null, "monetary", "total", "EUR", null],
  ["optimizer_share_month", "sensor", "sensor.sunshift_optimizer_share_month", null, "monetary", "total", "EUR", null],
  ["import_today", "sensor", "sensor.sunshift_import_today", null, "energy", "total", "kWh", null],
  ["import_today_no_battery", "sensor", "sensor.sunshift_import_today_no_battery", null, "energy", "total", "kWh", "diagnostic"],
  ["tariff_recommendation", "sensor", "sensor.sunshift_tariff_recommendation", null, null, null, null, null],
  ["next_cheap_start", "sensor", "sensor.sunshift_next_cheap_start", null, "timestamp", null, null, null],
  ["next_cheap_end", "sensor", "sensor.sunshift_next_cheap_end", null, "timestamp", null, null, null],
  ["plan_changed", "event", "event.sunshift_plan_changed", null, null, null, null, null],
  ["soc", "sensor", "sensor.sunshift_soc", null, "battery", "measurement", "%", null],
  ["battery_power", "sensor", "sensor.sunshift_battery_power", null, "power", "measurement", "W", null],
  ["pv_power", "sensor", "sensor.sunshift_pv_power", null, "power", "measurement", "W", null],
  ["home_load", "sensor", "sensor.sunshift_home_load", null, "power", "measurement", "W", null],
  ["grid_power", "sensor", "sensor.sunshift_grid_power", null, "power", "measurement", "W", null],
  ["data_age_grid_meter", "sensor", "sensor.sunshift_data_age_grid_meter", null, "duration", "measurement", "s", "diagnostic"],
  ["data_age_battery", "sensor", "sensor.sunshift_data_age_battery", null, "duration", "measurement", "s", "diagnostic"],
  ["data_age_prices", "sensor", "sensor.sunshift_data_age_prices", null, "duration", "measurement", "s", "diagnostic"],
  ["data_age_pv_forecast", "sensor", "sensor.sunshift_data_age_pv_forecast", null, "duration", "measurement", "s", "diagnostic"],
  ["data_age_load_forecast", "sensor", "sensor.sunshift_data_age_load_forecast", null, "duration", "measurement", "s", "diagnostic"],
];

describe("discovery payloads", () => {
  it("has exactly the entities of the table, in order, with unique keys", () => {
    expect(messages.map((m) => m.key)).toEqual(TABLE.map((r) => r[0]));
  });

  it.each(TABLE)("%s: %s, %s, command %s, classes %s/%s, unit %s, category %s", (key, component, entityId, cmd, dc, sc, unit, cat) => {
    const m = byKey.get(key);
    expect(m?.component).toBe(component);
    expect(m?.topic).toBe(`homeassistant/${component}/sunshift_a1b2_${key}/config`);
    const p = payloadOf(key);
    expect(p.unique_id).toBe(`sunshift_a1b2_${key}`);
    expect(p.default_entity_id).toBe(entityId);
    expect(p.object_id).toBe(`sunshift_${key}`);
    expect(p.command_topic ?? null).toBe(cmd);
    expect(p.device_class ?? null).toBe(dc);
    expect(p.state_class ?? null).toBe(sc);
    expect(p.unit_of_measurement ?? null).toBe(unit);
    expect(p.entity_category ?? null).toBe(cat);
  });

  it("gives every entity the same device, origin and availability", () => {
    for (const m of messages) {
      const p = payloadOf(m.key);
      expect(p.device).toEqual({ identifiers: ["sunshift_a1b2"], name: "Sunshift", manufacturer: "Sunshift", model: "Sunshift add-on", sw_version: "0.1.0" });
      expect(p.origin).toEqual({ name: "Sunshift", sw_version: "0.1.0", support_url: "https://github.com/sunshift-energy/sunshift" });
      expect(p.availability).toEqual([{ topic: "sunshift/a1b2/availability", payload_available: "online", payload_not_available: "offline" }]);
    }
  });

  it("builds the number payload exactly (reserve SOC)", () => {
    expect(payloadOf("reserve_soc")).toEqual({
      name: "Reserve state of charge",
      unique_id: "sunshift_a1b2_reserve_soc",
      default_entity_id: "number.sunshift_reserve_soc",
      object_id: "sunshift_reserve_soc",
      icon: "mdi:battery-lock",
      entity_category: "config",
      availability: [{ topic: "sunshift/a1b2/availability", payload_available: "online", payload_not_available: "offline" }],
      device: { identifiers: ["sunshift_a1b2"], name: "Sunshift", manufacturer: "Sunshift", model: "Sunshift add-on", sw_version: "0.1.0" },
      origin: { name: "Sunshift", sw_version: "0.1.0", support_url: "https://github.com/sunshift-energy/sunshift" },
      state_topic: "sunshift/a1b2/state",
      value_template: "{{ value_json.reserve_soc }}",
      command_topic: "sunshift/a1b2/reserve_soc/set",
      min: 0,
      max: 100,
      step: 1,
      mode: "slider",
      unit_of_measurement: "%",
      device_class: "battery",
    });
  });

  it("wires each control to its state field and payloads", () => {
    expect(payloadOf("mode")).toMatchObject({ options: ["auto", "self_consumption", "charge", "discharge", "hold", "off"], value_template: "{{ value_json.mode }}" });
    expect(payloadOf("grid_target")).toMatchObject({ min: -1000, max: 1000, step: 10, mode: "box", value_template: "{{ value_json.grid_target }}" });
    expect(payloadOf("optimizer")).toMatchObject({ payload_on: "ON", payload_off: "OFF", value_template: "{{ value_json.optimizer }}" });
    expect(payloadOf("replan")).toMatchObject({ payload_press: "PRESS" });
    expect(payloadOf("replan").state_topic).toBeUndefined();
  });

  it("puts the card payload on the plan sensor's attributes, its state being the action", () => {
    expect(payloadOf("plan")).toMatchObject({ state_topic: "sunshift/a1b2/state", value_template: "{{ value_json.action }}", json_attributes_topic: "sunshift/a1b2/plan" });
    expect(payloadOf("problem")).toMatchObject({
      payload_on: "ON",
      payload_off: "OFF",
      json_attributes_topic: "sunshift/a1b2/state",
      json_attributes_template: "{{ {'cause': value_json.problem_cause} | tojson }}",
    });
    expect(payloadOf("plan_changed")).toMatchObject({ state_topic: "sunshift/a1b2/plan_changed", event_types: ["plan_changed"] });
  });

  it("never marks plans, forecasts, money or timestamps as measurement; daily and monthly totals carry their last_reset", () => {
    const noMeasurement = ["plan", "savings_today", "savings_month", "next_cheap_start", "next_cheap_end", "tariff_recommendation"];
    for (const key of noMeasurement) expect(payloadOf(key).state_class).not.toBe("measurement");
    for (const m of messages) {
      const p = payloadOf(m.key);
      if (p.device_class === "timestamp") expect(p.state_class).toBeUndefined();
      if (p.device_class === "monetary") expect(p.state_class).toBe("total");
      if (p.state_class === "total") expect(p.last_reset_value_template).toMatch(/^\{\{ value_json\.savings_(today|month)_since \}\}$/);
    }
    expect(payloadOf("savings_today").last_reset_value_template).toBe("{{ value_json.savings_today_since }}");
    expect(payloadOf("optimizer_share_month").last_reset_value_template).toBe("{{ value_json.savings_month_since }}");
  });

  it("gives the tariff recommendation its ranking as attributes from the state document", () => {
    expect(payloadOf("tariff_recommendation")).toMatchObject({
      value_template: "{{ value_json.tariff }}",
      json_attributes_topic: "sunshift/a1b2/state",
      json_attributes_template: "{{ {'summary': value_json.tariff_summary, 'days_used': value_json.tariff_days_used, 'months_extrapolated': value_json.tariff_months_extrapolated, 'candidates': value_json.tariff_candidates} | tojson }}",
    });
  });

  it("uses only [A-Za-z0-9_-] in discovery object ids and follows the prefix", () => {
    const custom = buildDiscovery({ ...ctx, topics: topicsFor("ha/discovery", "x-9") });
    for (const m of custom) {
      const parts = m.topic.split("/");
      expect(parts.slice(0, 2)).toEqual(["ha", "discovery"]);
      expect(parts[3]).toMatch(/^sunshift_x-9_[a-z_]+$/);
      expect(parts.at(-1)).toBe("config");
    }
  });

  it("adds configuration_url only when given, and is deterministic", () => {
    const withUrl = buildDiscovery({ ...ctx, configurationUrl: "homeassistant://hassio/ingress/local_sunshift" });
    expect((withUrl[0]?.payload.device as unknown as Record<string, unknown>).configuration_url).toBe("homeassistant://hassio/ingress/local_sunshift");
    expect(JSON.stringify(buildDiscovery(ctx))).toBe(JSON.stringify(messages));
  });
});
