/**
 * The simulated home playing HA's MQTT integration against a real Mosquitto on 127.0.0.1
 * (tests/support/mosquitto.ts) and Sunshift's real MQTT bridge: every entity created from
 * discovery with HA's entity ids, names and states; commands via the sim's WebSocket API
 * published to the command topics and echoed; json attributes, events, availability, removal
 * of stale configs, and the birth message.
 */
import type { Connection } from "home-assistant-js-websocket";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EntityCommand } from "../../addon/src/domain/entities.js";
import { createMqttBridge, type MqttBridge } from "../../addon/src/mqtt/bridge.js";
import { ENTITY_SPECS } from "../../addon/src/mqtt/entity-table.js";
import { startSimulatedHome, type SimulatedHome } from "../../addon/src/sim/index.js";
import { systemScheduler } from "../../addon/src/system/clock.js";
import { startMosquitto, type Mosquitto } from "../support/mosquitto.js";
import { publishAs, recordingLogger, sampleState, until } from "../mqtt/helpers.js";
import { hawsConnect, simSeries } from "./helpers.js";

let broker: Mosquitto;
const open: { sims: SimulatedHome[]; bridges: MqttBridge[]; conns: Connection[] } = { sims: [], bridges: [], conns: [] };

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker.dispose();
});
afterEach(async () => {
  for (const c of open.conns.splice(0)) c.close();
  for (const b of open.bridges.splice(0)) await b.stop();
  for (const s of open.sims.splice(0)) await s.stop();
});

/** Each test has its own discovery prefix: retained configs of earlier tests stay on the broker. */
async function home(prefix: string): Promise<SimulatedHome> {
  const mqtt = { url: broker.url, reconnectPeriodMs: 100, discoveryPrefix: prefix };
  const sim = await startSimulatedHome({ token: "t", startAt: "2024-06-15T10:00:00Z", speed: "manual", series: simSeries(), mqtt });
  open.sims.push(sim);
  return sim;
}

async function sunshift(installId: string, prefix: string): Promise<{ bridge: MqttBridge; commands: EntityCommand[]; logger: ReturnType<typeof recordingLogger> }> {
  const logger = recordingLogger();
  const bridge = createMqttBridge({
    url: broker.url, discoveryPrefix: prefix, installId, version: "0.1.0", logger, scheduler: systemScheduler,
    random: () => 0, discoveryScanMs: 150, birthDelayMaxMs: 100, reconnectPeriodMs: 100,
  });
  open.bridges.push(bridge);
  const commands: EntityCommand[] = [];
  bridge.onCommand((c) => commands.push(c));
  await bridge.start();
  bridge.publishState(sampleState());
  return { bridge, commands, logger };
}

const stateOf = (sim: SimulatedHome, id: string): string | undefined => sim.mqtt?.entities().find((e) => e.entityId === id)?.state;

async function ws(sim: SimulatedHome): Promise<Connection> {
  const c = await hawsConnect(sim.url, sim.token);
  open.conns.push(c);
  return c;
}

describe("the simulated home's MQTT side", () => {
  it("creates every Sunshift entity from discovery, with HA's ids, names, attributes and states", async () => {
    const sim = await home("ha1");
    expect(sim.mqtt?.status()).toMatchObject({ kind: "connected" });
    await sunshift("s1", "ha1");
    await until(() => sim.mqtt?.entities().length === ENTITY_SPECS.length && stateOf(sim, "sensor.sunshift_soc") === "54", "all entities", 5000);
    expect(sim.mqtt?.entities().map((e) => e.entityId)).toEqual(ENTITY_SPECS.map((s) => `${s.component}.sunshift_${s.key}`));
    const conn = await ws(sim);
    const states = await conn.sendMessagePromise<{ entity_id: string; state: string; attributes: Record<string, unknown> }[]>({ type: "get_states" });
    const by = new Map(states.map((s) => [s.entity_id, s]));
    expect(by.get("select.sunshift_mode")).toMatchObject({ state: "auto", attributes: { friendly_name: "Sunshift Mode", options: ["auto", "self_consumption", "charge", "discharge", "hold", "off"], icon: "mdi:battery-sync" } });
    expect(by.get("number.sunshift_grid_target")).toMatchObject({ state: "0", attributes: { min: -1000, max: 1000, step: 10, unit_of_measurement: "W", device_class: "power" } });
    expect(by.get("number.sunshift_reserve_soc")?.state).toBe("20");
    expect(by.get("switch.sunshift_optimizer")?.state).toBe("on");
    expect(by.get("button.sunshift_replan")?.state).toBe("unknown");
    expect(by.get("binary_sensor.sunshift_problem")).toMatchObject({ state: "off", attributes: { cause: null, device_class: "problem" } });
    expect(by.get("sensor.sunshift_plan")?.state).toBe("discharge 240 W: grid costs 31.2 ct/kWh");
    expect(by.get("sensor.sunshift_savings_today")).toMatchObject({ state: "0.46", attributes: { unit_of_measurement: "EUR", device_class: "monetary" } });
    expect(by.get("sensor.sunshift_next_cheap_start")?.state).toBe("2026-11-22T12:00:00+00:00");
    expect(by.get("sensor.sunshift_data_age_load_forecast")?.state).toBe("unknown");
    expect(by.get("sensor.sunshift_data_age_pv_forecast")?.state).toBe("1801");
    expect(by.get("event.sunshift_plan_changed")).toMatchObject({ state: "unknown", attributes: { event_types: ["plan_changed"] } });
    // The simulated devices are still there, untouched.
    expect(by.get("sensor.shellypro3em_total_active_power")).toBeDefined();
  });

  it("publishes service calls on MQTT entities to their command topics; Sunshift's echo changes the state", async () => {
    const sim = await home("ha2");
    const { commands } = await sunshift("s2", "ha2");
    await until(() => stateOf(sim, "select.sunshift_mode") === "auto", "mode entity");
    const conn = await ws(sim);
    await conn.sendMessagePromise({ type: "call_service", domain: "select", service: "select_option", service_data: { option: "hold" }, target: { entity_id: "select.sunshift_mode" } });
    await conn.sendMessagePromise({ type: "call_service", domain: "number", service: "set_value", service_data: { value: 35 }, target: { entity_id: "number.sunshift_reserve_soc" } });
    await conn.sendMessagePromise({ type: "call_service", domain: "switch", service: "turn_off", target: { entity_id: "switch.sunshift_optimizer" } });
    await conn.sendMessagePromise({ type: "call_service", domain: "button", service: "press", target: { entity_id: "button.sunshift_replan" } });
    await until(() => commands.length === 4, "four commands at Sunshift");
    expect(commands).toEqual([
      { kind: "set_mode", mode: "hold" },
      { kind: "set_reserve_soc", socPct: 35 },
      { kind: "set_optimizer_enabled", enabled: false },
      { kind: "replan" },
    ]);
    await until(() => stateOf(sim, "select.sunshift_mode") === "hold" && stateOf(sim, "number.sunshift_reserve_soc") === "35" && stateOf(sim, "switch.sunshift_optimizer") === "off", "echoed states");
    expect(stateOf(sim, "button.sunshift_replan")).toBe("2024-06-15T10:00:00.000000+00:00");
    const bad = conn.sendMessagePromise({ type: "call_service", domain: "select", service: "select_option", service_data: { option: "turbo" }, target: { entity_id: "select.sunshift_mode" } });
    await expect(bad).rejects.toMatchObject({ code: "service_validation_error" });
    // One call may not mix MQTT entities and the simulated devices.
    const mixed = conn.sendMessagePromise({ type: "call_service", domain: "select", service: "select_option", service_data: { option: "auto" }, target: { entity_id: ["select.sunshift_mode", "select.solarflow_800_pro_ac_mode"] } });
    await expect(mixed).rejects.toMatchObject({ code: "service_validation_error" });
    expect(sim.snapshot().serviceCalls.map((c) => [`${c.domain}.${c.service}`, c.ok])).toEqual([
      ["select.select_option", true], ["number.set_value", true], ["switch.turn_off", true], ["button.press", true], ["select.select_option", false], ["select.select_option", false],
    ]);
    expect(commands).toHaveLength(4);
  });

  it("reads plan attributes and plan-changed events; availability offline → unavailable; an empty config removes the entity", async () => {
    const sim = await home("ha3");
    const { bridge } = await sunshift("s3", "ha3");
    await until(() => stateOf(sim, "sensor.sunshift_plan") !== undefined && stateOf(sim, "sensor.sunshift_plan") !== "unavailable", "plan entity");
    const conn = await ws(sim);
    const removed: string[] = [];
    await conn.subscribeMessage<{ r?: string[] }>((m) => removed.push(...(m.r ?? [])), { type: "subscribe_entities" });
    await publishAs(broker.url, "sunshift/s3/plan", JSON.stringify({ v: 1, slots: [1, 2], friendly_name: "blocked" }), true);
    await until(() => "slots" in stateAttrs(sim, "sensor.sunshift_plan"), "plan attributes");
    expect(stateAttrs(sim, "sensor.sunshift_plan")).toMatchObject({ v: 1, slots: [1, 2], friendly_name: "Sunshift Plan" });
    bridge.firePlanChanged({ status: "optimal", generatedAtMs: Date.UTC(2024, 5, 15, 10), currentAction: "hold", objectiveEur: 1.234 });
    await until(() => stateOf(sim, "event.sunshift_plan_changed") !== "unknown", "event");
    expect(stateAttrs(sim, "event.sunshift_plan_changed")).toMatchObject({ event_type: "plan_changed", status: "optimal", objective_eur: 1.23 });

    // A node_id topic is discovery too; a template HA could render but the sim cannot is refused, not guessed.
    await publishAs(broker.url, "ha3/sensor/node/extra/config", JSON.stringify({ name: "Extra", unique_id: "x1", state_topic: "x/s", device: { name: "Other" } }), true);
    await publishAs(broker.url, "ha3/sensor/fancy/config", JSON.stringify({ name: "Fancy", unique_id: "x2", state_topic: "x/s", value_template: "{{ value | int }}" }), true);
    await until(() => stateOf(sim, "sensor.other_extra") === "unknown", "node_id config → sensor.other_extra");
    expect(sim.mqtt?.entities().some((e) => e.uniqueId === "x2")).toBe(false);
    await publishAs(broker.url, "ha3/sensor/node/extra/config", "", true);
    await publishAs(broker.url, "ha3/sensor/fancy/config", "", true);

    await publishAs(broker.url, "ha3/sensor/sunshift_s3_soc/config", "", true);
    await until(() => removed.includes("sensor.sunshift_soc"), "removal pushed to WebSocket subscribers");
    expect(sim.mqtt?.entities().some((e) => e.entityId === "sensor.sunshift_soc")).toBe(false);

    await bridge.stop();
    await until(() => stateOf(sim, "select.sunshift_mode") === "unavailable", "unavailable after offline");
    expect(sim.mqtt?.entities().every((e) => e.state === "unavailable")).toBe(true);
  });

  it("starts without a reachable broker: no MQTT entities, the rest of the home works", async () => {
    const sim = await startSimulatedHome({ token: "t", startAt: "2024-06-15T10:00:00Z", speed: "manual", series: simSeries(), mqtt: { url: "mqtt://127.0.0.1:9", reconnectPeriodMs: 60_000 } });
    open.sims.push(sim);
    expect(sim.mqtt?.status()).toEqual({ kind: "disconnected", cause: "connect ECONNREFUSED 127.0.0.1:9" });
    expect(sim.mqtt?.entities()).toEqual([]);
    const conn = await ws(sim);
    const press = conn.sendMessagePromise({ type: "call_service", domain: "button", service: "press", target: { entity_id: "button.sunshift_replan" } });
    await expect(press).rejects.toMatchObject({ code: "not_found" });
    await conn.sendMessagePromise({ type: "call_service", domain: "number", service: "set_value", service_data: { value: 300 }, target: { entity_id: "number.solarflow_800_pro_output_limit" } });
    expect(sim.snapshot().settings.outputLimitW).toBe(300);
  });

  it("sends the birth message on connect and on announceBirth; Sunshift re-publishes its configs", async () => {
    const sim = await home("ha4");
    const { logger } = await sunshift("s4", "ha4");
    await until(() => sim.mqtt?.entities().filter((e) => e.uniqueId?.startsWith("sunshift_s4_") === true).length === ENTITY_SPECS.length, "entities");
    const births = (): number => logger.entries.filter((e) => e.msg.includes("came online")).length;
    const before = births();
    await sim.mqtt?.announceBirth();
    await until(() => births() === before + 1, "re-publish after birth");
    await until(() => logger.entries.filter((e) => e.msg === "mqtt: published discovery configs").length >= 2, "configs re-published");
  });
});

function stateAttrs(sim: SimulatedHome, id: string): Readonly<Record<string, unknown>> {
  return sim.mqtt?.entities().find((e) => e.entityId === id)?.attributes ?? {};
}
