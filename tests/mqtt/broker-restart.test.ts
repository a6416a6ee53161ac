/**
 * Mosquitto restarted under the whole pipeline (issue 8 §2): the Sunshift service and the
 * simulated home playing HA's MQTT integration on a real Mosquitto (tests/support/mosquitto.ts,
 * no persistence: every retained message is lost). While the broker is down HA shows every MQTT
 * entity unavailable; after it is back Sunshift reconnects, re-publishes discovery, availability
 * and states, and the entities come back with their values. Also: HA's birth message → re-publish,
 * and stale configs of this install removed from HA at start.
 * Household data: addon/data/emhass-long-train-data.csv (via the simulated home).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ENTITY_SPECS } from "../../addon/src/mqtt/entity-table.js";
import type { SimulatedHome } from "../../addon/src/sim/index.js";
import { startMosquitto, type Mosquitto } from "../support/mosquitto.js";
import { startMqttHome, type MqttHome } from "../faults/mqtt-support.js";
import { observe, publishAs, until } from "./helpers.js";

let broker: Mosquitto;
let home: MqttHome | null = null;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker.dispose();
});
afterEach(async () => {
  await home?.stop();
  home = null;
});

const allAvailable = (h: MqttHome, installId: string): boolean => {
  const ours = h.sim.mqtt?.entities().filter((e) => e.uniqueId?.startsWith(`sunshift_${installId}_`) === true) ?? [];
  return ours.length === ENTITY_SPECS.length && ours.every((e) => e.state !== "unavailable");
};

describe("broker restart under the service", () => {
  it("HA shows unavailable while the broker is down; Sunshift reconnects and re-publishes configs, availability and states", async () => {
    const h = await startMqttHome({ brokerUrl: broker.url, installId: "rs1", discoveryPrefix: "rs1" });
    home = h;
    await until(() => allAvailable(h, "rs1") && h.state("sensor.sunshift_soc") !== "unknown", "entities available with states", 10_000);
    const socBefore = h.state("sensor.sunshift_soc");

    await broker.stop();
    await until(() => h.sim.mqtt?.status().kind === "disconnected", "HA's MQTT client disconnected");
    expect(h.sim.mqtt?.entities().every((e) => e.state === "unavailable")).toBe(true);

    const upAt = performance.now();
    await broker.restart();
    const published = (): number => h.logger.entries.filter((e) => e.msg === "mqtt: published discovery configs").length;
    const before = published();
    await until(() => allAvailable(h, "rs1") && h.state("sensor.sunshift_soc") !== "unknown", "entities back", 10_000);
    const backMs = performance.now() - upAt;
    await until(() => published() > before, "configs re-published");
    // The broker lost everything: what it holds now was re-published after the restart.
    const obs = await observe(broker.url, ["rs1/+/+/config", "sunshift/rs1/#"]);
    try {
      await until(() => obs.messages.filter((m) => m.topic.startsWith("rs1/") && m.retain).length === ENTITY_SPECS.length && obs.last("sunshift/rs1/state") !== undefined, "retained set", 5000);
      expect(obs.last("sunshift/rs1/availability")).toMatchObject({ payload: "online", retain: true });
    } finally {
      await obs.close();
    }
    expect(h.state("sensor.sunshift_soc")).toMatch(/^\d+$/);
    expect(socBefore).toMatch(/^\d+$/);
    // Reconnect periods: Sunshift's client 2 s, HA's 0.2 s (wall time), plus one scan.
    expect(backMs).toBeLessThan(6000);
    console.info(`broker restart → all Sunshift entities available in HA again after ${Math.round(backMs)} ms`);
  }, 30_000);

  it("re-publishes discovery and states when HA announces itself online", async () => {
    const h = await startMqttHome({ brokerUrl: broker.url, installId: "rs2", discoveryPrefix: "rs2" });
    home = h;
    await until(() => allAvailable(h, "rs2"), "entities", 10_000);
    const obs = await observe(broker.url, ["rs2/+/+/config", "sunshift/rs2/state"]);
    try {
      await until(() => obs.messages.length >= ENTITY_SPECS.length + 1, "retained copies");
      obs.clear();
      await h.sim.mqtt?.announceBirth();
      await until(() => obs.messages.filter((m) => m.topic.startsWith("rs2/")).length === ENTITY_SPECS.length && obs.on("sunshift/rs2/state").length >= 1, "re-published after birth", 5000);
      expect(h.logger.entries.some((e) => e.msg.includes("Home Assistant came online"))).toBe(true);
    } finally {
      await obs.close();
    }
  }, 30_000);

  it("removes stale configs of this install: HA drops the entity", async () => {
    const stale = "rs3/sensor/sunshift_rs3_retired/config";
    await publishAs(broker.url, stale, JSON.stringify({ name: "Retired", unique_id: "sunshift_rs3_retired", state_topic: "sunshift/rs3/state", value_template: "{{ value_json.gone }}", device: { name: "Sunshift" } }), true);
    const retiredIn = (sim: SimulatedHome): boolean => sim.mqtt?.entities().some((e) => e.uniqueId === "sunshift_rs3_retired") === true;
    let created = false;
    const h = await startMqttHome({
      brokerUrl: broker.url, installId: "rs3", discoveryPrefix: "rs3",
      // HA had the retained config before Sunshift started, and created the entity from it.
      beforeService: async (sim) => {
        await until(() => retiredIn(sim), "retired entity created");
        created = sim.mqtt?.entities().find((e) => e.uniqueId === "sunshift_rs3_retired")?.entityId === "sensor.sunshift_retired";
      },
    });
    home = h;
    expect(created).toBe(true);
    const retired = (): boolean => retiredIn(h.sim);
    await until(() => allAvailable(h, "rs3"), "entities", 10_000);
    await until(() => !retired(), "stale entity removed", 5000);
    expect(h.logger.entries.filter((e) => e.msg === "mqtt: removing stale discovery config").map((e) => e.fields?.topic)).toEqual([stale]);
    expect(h.sim.mqtt?.entities().length).toBe(ENTITY_SPECS.length);
  }, 30_000);
});
