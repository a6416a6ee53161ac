/**
 * The MQTT bridge against a real mosquitto on 127.0.0.1 (tests/support/mosquitto.ts):
 * exact publishes (topic, payload, retain, qos), configs only when changed, stale-config
 * removal, availability (online, LWT on an unclean drop, offline on stop, online again after a
 * broker restart) and re-publishing on HA's birth message (HA-CONVENTIONS §9.3).
 */
import { connect, type MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMqttBridge, type MqttBridge, type MqttBridgeOptions, type MqttStatus } from "../../addon/src/mqtt/bridge.js";
import { buildDiscovery } from "../../addon/src/mqtt/discovery.js";
import { toStateDoc } from "../../addon/src/mqtt/state-doc.js";
import { topicsFor } from "../../addon/src/mqtt/topics.js";
import { systemScheduler } from "../../addon/src/system/clock.js";
import { startMosquitto, type Mosquitto } from "../support/mosquitto.js";
import { observe, publishAs, recordingLogger, sampleState, sleep, until, type Observer } from "./helpers.js";

let broker: Mosquitto;
const open: { bridges: MqttBridge[]; observers: Observer[] } = { bridges: [], observers: [] };
const ENTITY_COUNT = buildDiscovery({ topics: topicsFor("homeassistant", "x"), installId: "x", version: "0" }).length;

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker.dispose();
});
afterEach(async () => {
  for (const b of open.bridges.splice(0)) await b.stop();
  for (const o of open.observers.splice(0)) await o.close();
});

function makeBridge(installId: string, extra: Partial<MqttBridgeOptions> = {}) {
  const logger = recordingLogger();
  const statuses: MqttStatus["kind"][] = [];
  const bridge = createMqttBridge({
    url: broker.url, discoveryPrefix: "homeassistant", installId, version: "0.1.0", logger, scheduler: systemScheduler,
    random: () => 0.1, discoveryScanMs: 150, birthDelayMaxMs: 1000, reconnectPeriodMs: 100, ...extra,
  });
  bridge.onStatus((s) => statuses.push(s.kind));
  open.bridges.push(bridge);
  const configsPublished = (): number => logger.entries.filter((e) => e.msg === "mqtt: published discovery configs").length;
  return { bridge, logger, statuses, configsPublished };
}

async function watch(installId: string): Promise<Observer> {
  const o = await observe(broker.url, ["homeassistant/+/+/config", `sunshift/${installId}/#`]);
  open.observers.push(o);
  return o;
}

const configTopic = (installId: string) => (topic: string): boolean => topic.startsWith("homeassistant/") && topic.includes(`/sunshift_${installId}_`);

describe("MQTT bridge with a real broker", () => {
  it("announces online, every config and the states with the right retain and qos", async () => {
    const obs = await watch("t1");
    const { bridge, statuses } = makeBridge("t1");
    await bridge.start();
    bridge.publishState(sampleState());
    const isConfig = configTopic("t1");
    await until(() => obs.messages.filter((m) => isConfig(m.topic)).length === ENTITY_COUNT, "configs");

    expect(obs.on("sunshift/t1/availability")).toEqual([{ topic: "sunshift/t1/availability", payload: "online", retain: true, qos: 1 }]);
    const expected = buildDiscovery({ topics: bridge.topics, installId: "t1", version: "0.1.0" });
    const configs = obs.messages.filter((m) => isConfig(m.topic));
    expect(configs).toEqual(expected.map((m) => ({ topic: m.topic, payload: JSON.stringify(m.payload), retain: true, qos: 1 })));
    expect(obs.on("sunshift/t1/state")).toEqual([{ topic: "sunshift/t1/state", payload: JSON.stringify(toStateDoc(sampleState())), retain: true, qos: 0 }]);
    expect(statuses).toEqual(["stopped", "connecting", "connected"]);

    // The same state again is not re-sent; a changed one is.
    bridge.publishState(sampleState());
    bridge.publishState({ ...sampleState(), currentAction: "hold" });
    await until(() => obs.on("sunshift/t1/state").length === 2, "second state");
    await sleep(50);
    expect(obs.on("sunshift/t1/state").map((m) => JSON.parse(m.payload) as { action: string }).map((d) => d.action)).toEqual([
      "discharge 240 W: grid costs 31.2 ct/kWh",
      "hold",
    ]);
  });

  it("publishes configs only when their serialization changed since the last run", async () => {
    const obs = await watch("t2");
    const isConfig = configTopic("t2");
    const first = makeBridge("t2");
    await first.bridge.start();
    await until(() => obs.messages.filter((m) => isConfig(m.topic)).length === ENTITY_COUNT, "first configs");
    await first.bridge.stop();

    obs.clear();
    const same = makeBridge("t2");
    await same.bridge.start();
    await until(() => same.logger.entries.some((e) => e.msg === "mqtt: discovery configs unchanged"), "scan finished");
    await sleep(50);
    expect(obs.on("sunshift/t2/availability").map((m) => m.payload)).toEqual(["online"]);
    expect(obs.messages.filter((m) => isConfig(m.topic))).toEqual([]);
    await same.bridge.stop();

    obs.clear();
    const upgraded = makeBridge("t2", { version: "0.2.0" });
    await upgraded.bridge.start();
    await until(() => obs.messages.filter((m) => isConfig(m.topic)).length === ENTITY_COUNT, "upgraded configs");
    const payloads = obs.messages.filter((m) => isConfig(m.topic)).map((m) => JSON.parse(m.payload) as { device: { sw_version: string } });
    expect(new Set(payloads.map((p) => p.device.sw_version))).toEqual(new Set(["0.2.0"]));
  });

  it("removes stale configs this install published before, and nobody else's", async () => {
    const stale = "homeassistant/sensor/sunshift_t3_old_thing/config";
    const otherInstall = "homeassistant/sensor/sunshift_t3x_old_thing/config";
    const foreign = "homeassistant/sensor/sunshift_t3_copied/config";
    await publishAs(broker.url, stale, JSON.stringify({ name: "Old", unique_id: "sunshift_t3_old_thing", state_topic: "x" }), true);
    await publishAs(broker.url, otherInstall, JSON.stringify({ name: "Other", unique_id: "sunshift_t3x_old_thing", state_topic: "x" }), true);
    await publishAs(broker.url, foreign, JSON.stringify({ name: "Not ours", unique_id: "someone_else", state_topic: "x" }), true);
    const obs = await watch("t3");
    const { bridge, logger } = makeBridge("t3");
    await bridge.start();
    await until(() => obs.last(stale)?.payload === "", "stale config cleared");
    expect(obs.last(stale)).toEqual({ topic: stale, payload: "", retain: true, qos: 1 });
    await sleep(100);
    expect(obs.on(otherInstall).every((m) => m.payload !== "")).toBe(true);
    expect(obs.on(foreign).every((m) => m.payload !== "")).toBe(true);
    expect(logger.entries.filter((e) => e.msg === "mqtt: removing stale discovery config").map((e) => e.fields?.topic)).toEqual([stale]);
  });

  it("lets the broker send the retained LWT `offline` when the socket drops without DISCONNECT, then comes back online", async () => {
    const obs = await watch("t4");
    let client: MqttClient | undefined;
    const { bridge, statuses } = makeBridge("t4", {
      connect: (url, options) => {
        client = connect(url, options);
        return client;
      },
    });
    await bridge.start();
    await until(() => obs.last("sunshift/t4/availability")?.payload === "online", "online");
    client?.stream.destroy();
    await until(() => obs.last("sunshift/t4/availability")?.payload === "offline", "LWT offline");
    expect(obs.last("sunshift/t4/availability")).toEqual({ topic: "sunshift/t4/availability", payload: "offline", retain: true, qos: 1 });
    await until(() => obs.last("sunshift/t4/availability")?.payload === "online", "online after reconnect");
    expect(statuses).toEqual(["stopped", "connecting", "connected", "disconnected", "connecting", "connected"]);
  });

  it("publishes retained `offline` on a clean stop", async () => {
    const obs = await watch("t5");
    const { bridge, statuses } = makeBridge("t5");
    await bridge.start();
    await until(() => obs.last("sunshift/t5/availability")?.payload === "online", "online");
    await bridge.stop();
    await until(() => obs.last("sunshift/t5/availability")?.payload === "offline", "offline");
    const later = await watch("t5");
    await until(() => later.on("sunshift/t5/availability").length === 1, "retained availability");
    expect(later.on("sunshift/t5/availability")).toEqual([{ topic: "sunshift/t5/availability", payload: "offline", retain: true, qos: 1 }]);
    expect(statuses.at(-1)).toBe("stopped");
  });

  it("re-announces online, configs and states after a broker restart that lost every retained message", async () => {
    const { bridge, statuses, configsPublished } = makeBridge("t6");
    await bridge.start();
    bridge.publishState(sampleState());
    await until(() => configsPublished() === 1, "first configs");
    await broker.restart();
    await until(() => statuses.filter((s) => s === "connected").length === 2, "reconnected");
    expect(statuses).toContain("disconnected");
    await until(() => configsPublished() === 2, "configs after restart");
    const obs = await watch("t6");
    const isConfig = configTopic("t6");
    await until(
      () => obs.messages.filter((m) => isConfig(m.topic)).length === ENTITY_COUNT && obs.on("sunshift/t6/state").length === 1 && obs.on("sunshift/t6/availability").length === 1,
      "retained set",
    );
    expect(obs.last("sunshift/t6/availability")).toEqual({ topic: "sunshift/t6/availability", payload: "online", retain: true, qos: 1 });
    expect(obs.last("sunshift/t6/state")?.payload).toBe(JSON.stringify(toStateDoc(sampleState())));
  });

  it("starts while the broker is down, reports disconnected, and connects once it is up", async () => {
    await broker.stop();
    const { bridge, statuses, configsPublished } = makeBridge("t8");
    await bridge.start();
    expect(statuses).toEqual(["stopped", "connecting", "disconnected"]);
    await broker.restart();
    await until(() => configsPublished() === 1, "configs once the broker is up");
    expect(statuses.at(-1)).toBe("connected");
  });

  it("re-publishes configs and states after HA's birth message, after the random delay; ignores a retained birth", async () => {
    await publishAs(broker.url, "homeassistant/status", "online", true);
    const obs = await watch("t7");
    const { bridge, logger, configsPublished } = makeBridge("t7");
    await bridge.start();
    bridge.publishState(sampleState());
    await until(() => configsPublished() === 1, "first configs");
    await sleep(200);
    expect(logger.entries.some((e) => e.msg.includes("came online"))).toBe(false);

    obs.clear();
    await publishAs(broker.url, "homeassistant/status", "online");
    const isConfig = configTopic("t7");
    await until(() => obs.messages.filter((m) => isConfig(m.topic)).length === ENTITY_COUNT, "configs after birth");
    expect(logger.entries.find((e) => e.msg.includes("came online"))?.fields).toEqual({ delayMs: 100 });
    expect(obs.messages.filter((m) => isConfig(m.topic)).every((m) => m.retain && m.qos === 1)).toBe(true);
    await until(() => obs.on("sunshift/t7/state").length === 1, "state after birth");

    obs.clear();
    await publishAs(broker.url, "homeassistant/status", "offline");
    await sleep(300);
    expect(obs.messages.filter((m) => isConfig(m.topic))).toEqual([]);
    await publishAs(broker.url, "homeassistant/status", "", true);
  });
});
