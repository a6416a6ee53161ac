/**
 * MQTT connections dropped without DISCONNECT (issue 8 §2), on a real Mosquitto with the whole
 * service and the simulated home playing HA's MQTT integration. Loopback relays sit between each
 * client and the broker so one side can be cut:
 * - Sunshift's link cut → the broker publishes Sunshift's last will → HA shows the entities
 *   unavailable; a command given meanwhile is lost (qos 0, like HA) and changes nothing; after
 *   the reconnect the entities are available again and commands round-trip within a control cycle;
 * - HA's link cut → HA's will `offline`, then HA reconnects and sends its birth → Sunshift
 *   re-publishes configs and states.
 * Household data: addon/data/emhass-long-train-data.csv (via the simulated home).
 */
import { subscribeEntities, type Connection, type HassEntities } from "home-assistant-js-websocket";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ENTITY_SPECS } from "../../addon/src/mqtt/entity-table.js";
import { startMosquitto, type Mosquitto } from "../support/mosquitto.js";
import { hawsConnect } from "../sim/helpers.js";
import { observe, until } from "../mqtt/helpers.js";
import { startMqttHome, startTcpRelay, type MqttHome, type TcpRelay } from "./mqtt-support.js";

const CONTROL_CYCLE_MS = 2000;

let broker: Mosquitto;
const open: { home: MqttHome | null; relays: TcpRelay[]; conn: Connection | null } = { home: null, relays: [], conn: null };
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker.dispose();
});
afterEach(async () => {
  open.conn?.close();
  open.conn = null;
  await open.home?.stop();
  open.home = null;
  for (const r of open.relays.splice(0)) await r.close();
});

async function relay(): Promise<TcpRelay> {
  const r = await startTcpRelay(broker.port);
  open.relays.push(r);
  return r;
}

const available = (h: MqttHome, id: string): boolean => {
  const s = h.state(id);
  return s !== undefined && s !== "unavailable";
};
const ours = (h: MqttHome): readonly { state: string }[] => h.sim.mqtt?.entities() ?? [];

async function selectMode(conn: Connection, option: string): Promise<void> {
  await conn.sendMessagePromise({ type: "call_service", domain: "select", service: "select_option", service_data: { option }, target: { entity_id: "select.sunshift_mode" } });
}

describe("MQTT links dropped without DISCONNECT", () => {
  it("Sunshift's link: last will → unavailable in HA; commands meanwhile are lost; back online, commands round-trip", async () => {
    const sunshiftLink = await relay();
    const h = await startMqttHome({ brokerUrl: broker.url, sunshiftBrokerUrl: sunshiftLink.url, installId: "ld1", discoveryPrefix: "ld1", speed: 5 });
    open.home = h;
    await until(() => ours(h).length === ENTITY_SPECS.length && ours(h).every((e) => e.state !== "unavailable"), "entities available", 10_000);
    const conn = await hawsConnect(h.sim.url, h.sim.token);
    open.conn = conn;
    let seen: HassEntities = {};
    subscribeEntities(conn, (e) => (seen = e));

    const cutAt = performance.now();
    sunshiftLink.cut();
    await until(() => ours(h).every((e) => e.state === "unavailable"), "last will → unavailable", 5000);
    const willMs = performance.now() - cutAt;
    expect(h.sim.mqtt?.status().kind).toBe("connected");

    // HA publishes the command (qos 0); nobody receives it; HA is not optimistic: no change.
    await selectMode(conn, "discharge");
    await until(() => available(h, "select.sunshift_mode"), "online again after the reconnect", 8000);
    const backMs = performance.now() - cutAt;
    expect(h.service.settings().mode).toBe("auto");
    expect(h.state("select.sunshift_mode")).toBe("auto");

    await selectMode(conn, "charge");
    const calledAtMs = h.sim.snapshot().serviceCalls.findLast((c) => c.domain === "select" && c.ok)?.atMs ?? Number.NaN;
    await until(() => seen["select.sunshift_mode"]?.state === "charge", "echo after reconnect", 5000);
    expect(h.service.settings().mode).toBe("charge");
    const echoMs = Date.parse(seen["select.sunshift_mode"]?.last_changed ?? "") - calledAtMs;
    expect(echoMs).toBeGreaterThanOrEqual(0);
    expect(echoMs).toBeLessThanOrEqual(CONTROL_CYCLE_MS);
    console.info(`Sunshift link cut → unavailable in HA after ${Math.round(willMs)} ms, available again after ${Math.round(backMs)} ms; echo ${echoMs} ms home time`);
  }, 30_000);

  it("HA's link: HA's will, then its birth on reconnect makes Sunshift re-publish configs and states", async () => {
    const haLink = await relay();
    const h = await startMqttHome({ brokerUrl: haLink.url, sunshiftBrokerUrl: broker.url, installId: "ld2", discoveryPrefix: "ld2" });
    open.home = h;
    await until(() => ours(h).length === ENTITY_SPECS.length && ours(h).every((e) => e.state !== "unavailable"), "entities available", 10_000);
    const obs = await observe(broker.url, ["ld2/status", "ld2/+/+/config"]);
    try {
      // Distinct topics: a config re-published while the observer subscribes arrives twice.
      const configTopics = (): number => new Set(obs.messages.filter((m) => m.topic !== "ld2/status").map((m) => m.topic)).size;
      await until(() => configTopics() === ENTITY_SPECS.length, "retained configs", 10_000);
      obs.clear();
      haLink.cut();
      await until(() => obs.on("ld2/status").map((m) => m.payload).join(",") === "offline,online", "will, then birth", 5000);
      await until(() => configTopics() === ENTITY_SPECS.length, "configs re-published after the birth", 5000);
    } finally {
      await obs.close();
    }
    await until(() => ours(h).every((e) => e.state !== "unavailable"), "entities available again");
    expect(h.sim.mqtt?.status()).toMatchObject({ kind: "connected", connects: 2 });
    expect(h.logger.entries.filter((e) => e.msg.includes("Home Assistant came online")).length).toBeGreaterThanOrEqual(1);
  }, 30_000);
});
