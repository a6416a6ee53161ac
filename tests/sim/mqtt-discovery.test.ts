/**
 * The simulated home's reading of MQTT discovery (addon/src/sim/mqtt-{template,discovery,entity}.ts):
 * the template forms Sunshift emits and the rejection of others, every Sunshift discovery
 * payload from the real builder (addon/src/mqtt/discovery.ts) parsed into HA's view, entity-id
 * rules, state interpretation per platform and the command payloads of service calls. Pure.
 */
import { describe, expect, it } from "vitest";
import { buildDiscovery } from "../../addon/src/mqtt/discovery.js";
import { ENTITY_SPECS } from "../../addon/src/mqtt/entity-table.js";
import { topicsFor } from "../../addon/src/mqtt/topics.js";
import { discoveryPlatformOf, parseDiscoveryPayload, type MqttEntityConfig } from "../../addon/src/sim/mqtt-discovery.js";
import { attributesFrom, commandFor, eventUpdate, haState, isAvailable, newRuntime, valueFromState } from "../../addon/src/sim/mqtt-entity.js";
import { parseValueTemplate, renderTemplate } from "../../addon/src/sim/mqtt-template.js";

const topics = topicsFor("homeassistant", "a1b2");
const messages = buildDiscovery({ topics, installId: "a1b2", version: "0.1.0" });

function configOf(key: string): MqttEntityConfig {
  const m = messages.find((x) => x.key === key);
  if (m === undefined) throw new Error(`no entity ${key}`);
  const parsed = parseDiscoveryPayload(m.component, JSON.stringify(m.payload));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.config;
}

describe("value templates", () => {
  it.each([
    ["{{ value_json.mode }}", { kind: "field", path: ["mode"] }],
    ["{{value_json.a.b}}", { kind: "field", path: ["a", "b"] }],
    ["{{ value_json['x y'] }}", { kind: "field", path: ["x y"] }],
    ["{{ {'cause': value_json.problem_cause} | tojson }}", { kind: "dict_tojson", entries: [["cause", ["problem_cause"]]] }],
    ["{{ {'a': value_json.x, 'b': value_json.y.z} | tojson }}", { kind: "dict_tojson", entries: [["a", ["x"]], ["b", ["y", "z"]]] }],
  ])("parses %s", (text, expected) => {
    expect(parseValueTemplate(text)).toEqual({ ok: true, template: expected });
  });

  it.each(["{{ value_json.x | float }}", "{{ value }}", "{% if value_json.x %}on{% endif %}", "{{ value_json.x * 2 }}", "{{ {'a': 1} | tojson }}"])(
    "rejects %s with a message naming it",
    (text) => {
      const r = parseValueTemplate(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toContain(JSON.stringify(text));
    },
  );

  it("renders like Jinja: None, True/False, numbers, strings; missing fields and non-JSON are reasons", () => {
    const field = (p: string) => {
      const t = parseValueTemplate(`{{ value_json.${p} }}`);
      if (!t.ok) throw new Error(t.reason);
      return t.template;
    };
    const doc = JSON.stringify({ n: null, t: true, f: false, i: 25, x: 54.4, s: "hold", o: { k: 1 } });
    expect(["n", "t", "f", "i", "x", "s", "o.k"].map((p) => renderTemplate(field(p), doc))).toEqual(
      ["None", "True", "False", "25", "54.4", "hold", "1"].map((text) => ({ ok: true, text })),
    );
    expect(renderTemplate(field("nope"), doc)).toEqual({ ok: false, reason: "value_json has no attribute 'nope'" });
    expect(renderTemplate(field("n"), "not json").ok).toBe(false);
    expect(renderTemplate({ kind: "payload" }, "raw text")).toEqual({ ok: true, text: "raw text" });
    const dict = parseValueTemplate("{{ {'cause': value_json.c} | tojson }}");
    if (!dict.ok) throw new Error(dict.reason);
    expect(renderTemplate(dict.template, JSON.stringify({ c: "meter stale" }))).toEqual({ ok: true, text: '{"cause":"meter stale"}' });
    expect(renderTemplate(dict.template, JSON.stringify({ c: null }))).toEqual({ ok: true, text: '{"cause":null}' });
  });
});

describe("Sunshift's discovery payloads as HA reads them", () => {
  it("parses every payload, with the entity id from default_entity_id and the platform keys of the table", () => {
    expect(messages.length).toBe(ENTITY_SPECS.length);
    for (const m of messages) {
      expect(discoveryPlatformOf("homeassistant", m.topic)).toBe(m.component);
      const parsed = parseDiscoveryPayload(m.component, JSON.stringify(m.payload));
      if (!parsed.ok) throw new Error(`${m.key}: ${parsed.reason}`);
      expect(parsed.config.platform).toBe(m.component);
      expect(parsed.config.suggestedEntityId).toBe(`${m.component}.sunshift_${m.key}`);
      expect(parsed.config.uniqueId).toBe(`sunshift_a1b2_${m.key}`);
      expect(parsed.config.availability).toEqual([{ topic: "sunshift/a1b2/availability", payloadAvailable: "online", payloadNotAvailable: "offline" }]);
    }
    const mode = configOf("mode");
    expect(mode.platform === "select" && mode.options).toEqual(["auto", "self_consumption", "charge", "discharge", "hold", "off"]);
    const reserve = configOf("reserve_soc");
    expect(reserve.platform === "number" && [reserve.min, reserve.max, reserve.step, reserve.unit]).toEqual([0, 100, 1, "%"]);
    const grid = configOf("grid_target");
    expect(grid.platform === "number" && [grid.min, grid.max, grid.step, grid.unit, grid.deviceClass]).toEqual([-1000, 1000, 10, "W", "power"]);
  });

  it("falls back to object_id, ignores a default_entity_id of another domain, and refuses payloads HA refuses", () => {
    const base = { name: "X", unique_id: "u1", state_topic: "s/t" };
    const p = (o: object) => parseDiscoveryPayload("sensor", JSON.stringify(o));
    const id = (o: object) => {
      const r = p(o);
      return r.ok ? r.config.suggestedEntityId : r.reason;
    };
    expect(id({ ...base, object_id: "legacy_x" })).toBe("sensor.legacy_x");
    expect(id({ ...base, default_entity_id: "switch.nope", object_id: "legacy_x" })).toBe("sensor.legacy_x");
    expect(id(base)).toBeNull();
    expect(p({ name: "X" })).toEqual({ ok: false, reason: "state_topic: Invalid input: expected string, received undefined" });
    expect(parseDiscoveryPayload("select", JSON.stringify({ command_topic: "c", options: [] })).ok).toBe(false);
    expect(parseDiscoveryPayload("number", JSON.stringify({ command_topic: "c", min: 5, max: 1 }))).toEqual({ ok: false, reason: "min 5 is above max 1" });
    const bad = p({ ...base, value_template: "{{ value_json.x | round(1) }}" });
    expect(!bad.ok && bad.reason.startsWith("value_template: unsupported template")).toBe(true);
    expect(p("not json" as unknown as object).ok).toBe(false);
    expect(discoveryPlatformOf("homeassistant", "homeassistant/sensor/node/obj/config")).toBe("sensor");
    expect(discoveryPlatformOf("homeassistant", "homeassistant/light/obj/config")).toBeNull();
    expect(discoveryPlatformOf("homeassistant", "homeassistant/status")).toBeNull();
  });
});

describe("state interpretation per platform", () => {
  it.each([
    ["soc", "54.4", "54.4"],
    ["soc", "None", null],
    ["soc", "abc", { ignored: '"abc" is not numeric' }],
    ["plan", "discharge 240 W", "discharge 240 W"],
    ["next_cheap_start", "2026-11-22T12:00:00.000Z", "2026-11-22T12:00:00+00:00"],
    ["next_cheap_start", "soon", { ignored: '"soon" is not a timestamp' }],
    ["problem", "ON", "on"],
    ["problem", "OFF", "off"],
    ["problem", "maybe", { ignored: 'no matching payload for "maybe"' }],
    ["mode", "hold", "hold"],
    ["mode", "turbo", { ignored: '"turbo" is not a valid option' }],
    ["reserve_soc", "20", "20"],
    ["reserve_soc", "101", { ignored: "101 is outside 0 - 100" }],
    ["optimizer", "ON", "on"],
    ["optimizer", "OFF", "off"],
  ])("%s: %s → %j", (key, text, expected) => {
    expect(valueFromState(configOf(key), text)).toEqual(expected);
  });

  it("shows unavailable until the availability topic says online, and whenever MQTT is disconnected", () => {
    const c = configOf("soc");
    const rt = newRuntime();
    rt.value = "50";
    expect(isAvailable(c, rt, true)).toBe(false);
    rt.latestAvailable = true;
    expect(haState(c, rt, true)).toMatchObject({ state: "50", attributes: { unit_of_measurement: "%", device_class: "battery", state_class: "measurement" } });
    expect(haState(c, rt, false).state).toBe("unavailable");
    rt.value = null;
    expect(haState(c, rt, true).state).toBe("unknown");
  });

  it("names entities as HA does with has_entity_name, and keeps json attributes minus blocked names", () => {
    expect(haState(configOf("reserve_soc"), newRuntime(), true).attributes).toMatchObject({ friendly_name: "Sunshift Reserve state of charge", min: 0, max: 100, step: 1, mode: "slider" });
    expect(attributesFrom('{"cause": "x", "friendly_name": "evil", "icon": "mdi:x"}')).toEqual({ cause: "x" });
    expect(attributesFrom("[1]")).toEqual({ ignored: "json attributes payload is not a JSON object" });
  });

  it("takes events of its types only, with the firing time as state", () => {
    const c = configOf("plan_changed");
    const at = Date.UTC(2024, 5, 15, 12, 0, 0);
    expect(eventUpdate(c, JSON.stringify({ event_type: "plan_changed", status: "optimal" }), at)).toEqual({
      value: "2024-06-15T12:00:00.000000+00:00",
      extra: { event_type: "plan_changed", status: "optimal" },
    });
    expect(eventUpdate(c, JSON.stringify({ event_type: "other" }), at)).toEqual({ ignored: 'event_type "other" is not one of plan_changed' });
  });
});

describe("service calls → command payloads", () => {
  const now = Date.UTC(2024, 5, 15, 12, 0, 0);
  const call = (key: string, service: string, data: Record<string, unknown>, value: string | null = null) => {
    const rt = newRuntime();
    rt.value = value;
    return commandFor(configOf(key), `x.sunshift_${key}`, rt, service, data, now);
  };
  it.each([
    ["mode", "select.select_option", { option: "hold" }, null, "sunshift/a1b2/mode/set", "hold"],
    ["reserve_soc", "number.set_value", { value: 25 }, null, "sunshift/a1b2/reserve_soc/set", "25"],
    ["reserve_soc", "number.set_value", { value: "30.0" }, null, "sunshift/a1b2/reserve_soc/set", "30"],
    ["grid_target", "number.set_value", { value: -200.5 }, null, "sunshift/a1b2/grid_target/set", "-200.5"],
    ["optimizer", "switch.turn_off", {}, "on", "sunshift/a1b2/optimizer/set", "OFF"],
    ["optimizer", "switch.toggle", {}, "off", "sunshift/a1b2/optimizer/set", "ON"],
    ["optimizer", "switch.toggle", {}, "on", "sunshift/a1b2/optimizer/set", "OFF"],
    ["replan", "button.press", {}, null, "sunshift/a1b2/replan/set", "PRESS"],
  ])("%s %s %j (state %s) → %s %s", (key, service, data, value, topic, payload) => {
    expect(call(key, service, data, value)).toMatchObject({ ok: true, topic, payload });
  });

  it("refuses bad options, out-of-range values and foreign actions like HA's validation", () => {
    expect(call("mode", "select.select_option", { option: "turbo" })).toMatchObject({ ok: false, outcome: { ok: false, code: "service_validation_error" } });
    expect(call("reserve_soc", "number.set_value", { value: 101 })).toMatchObject({
      ok: false,
      outcome: { code: "service_validation_error", message: "Value 101 for x.sunshift_reserve_soc is outside valid range 0 - 100" },
    });
    expect(call("reserve_soc", "number.set_value", { value: "abc" })).toMatchObject({ ok: false, outcome: { code: "invalid_format" } });
    expect(call("soc", "number.set_value", { value: 1 })).toMatchObject({ ok: false, outcome: { code: "service_validation_error" } });
    expect(call("replan", "button.press", {})).toMatchObject({ ok: true, ownValue: "2024-06-15T12:00:00.000000+00:00" });
  });
});
