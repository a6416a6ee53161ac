/**
 * Command round trips through a real mosquitto on 127.0.0.1: publish to the command topic the
 * way HA does (plain text, not retained) → onCommand gets the typed command → the state is
 * echoed on the state topic. Bad payloads are logged with the reason and never reach onCommand.
 * Also: the plan attributes (a full 48 h payload stays under 16 KiB on the wire) and the event.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cardPayloadSchema, type CardPayload, type EntityCommand } from "../../addon/src/domain/entities.js";
import { createMqttBridge, type MqttBridge } from "../../addon/src/mqtt/bridge.js";
import type { StateDoc } from "../../addon/src/mqtt/state-doc.js";
import { systemScheduler } from "../../addon/src/system/clock.js";
import { startMosquitto, type Mosquitto } from "../support/mosquitto.js";
import { observe, publishAs, recordingLogger, sampleState, sleep, until, type Observer } from "./helpers.js";

let broker: Mosquitto;
let bridge: MqttBridge;
let obs: Observer;
let logger: ReturnType<typeof recordingLogger>;
const received: EntityCommand[] = [];
let lastKnown: StateDoc;

beforeAll(async () => {
  broker = await startMosquitto();
  logger = recordingLogger();
  bridge = createMqttBridge({
    url: broker.url, discoveryPrefix: "homeassistant", installId: "cmd", version: "0.1.0", logger,
    scheduler: systemScheduler, discoveryScanMs: 100, reconnectPeriodMs: 100,
  });
  bridge.onCommand((c) => received.push(c));
  await bridge.start();
  bridge.publishState(sampleState());
  obs = await observe(broker.url, ["sunshift/cmd/#"]);
  await until(() => obs.on("sunshift/cmd/state").length === 1, "retained state");
  // Subscribed (commands included) once the discovery scan is over.
  await until(() => logger.entries.some((e) => e.msg === "mqtt: published discovery configs"), "subscriptions");
  lastKnown = lastDoc();
  obs.clear();
});
afterAll(async () => {
  await obs.close();
  await bridge.stop();
  await broker.dispose();
});
afterEach(() => {
  if (obs.last("sunshift/cmd/state") !== undefined) lastKnown = lastDoc();
  received.splice(0);
  obs.clear();
  logger.entries.splice(0);
});

const lastDoc = (): StateDoc => JSON.parse(obs.last("sunshift/cmd/state")?.payload ?? "{}") as StateDoc;

// topic key, payload as HA sends it, the typed command, the echoed state field and value
const ROUND_TRIPS: readonly (readonly [string, string, EntityCommand, keyof StateDoc, unknown])[] = [
  ["mode", "charge", { kind: "set_mode", mode: "charge" }, "mode", "charge"],
  ["mode", "self_consumption", { kind: "set_mode", mode: "self_consumption" }, "mode", "self_consumption"],
  ["reserve_soc", "35.0", { kind: "set_reserve_soc", socPct: 35 }, "reserve_soc", 35],
  ["grid_target", "-40", { kind: "set_grid_target", powerW: -40 }, "grid_target", -40],
  ["optimizer", "OFF", { kind: "set_optimizer_enabled", enabled: false }, "optimizer", "OFF"],
  ["optimizer", "ON", { kind: "set_optimizer_enabled", enabled: true }, "optimizer", "ON"],
  ["replan", "PRESS", { kind: "replan" }, "mode", "self_consumption"],
];

describe("command round trips", () => {
  it.each(ROUND_TRIPS)("%s %j → %j, state %s echoed as %j", async (key, payload, command, field, value) => {
    await publishAs(broker.url, `sunshift/cmd/${key}/set`, payload);
    await until(() => received.length === 1 && obs.on("sunshift/cmd/state").length === 1, "command and echo");
    expect(received).toEqual([command]);
    expect(lastDoc()[field]).toEqual(value);
    expect(obs.last("sunshift/cmd/state")?.retain).toBe(true);
  });

  // Not numeric, out of range, unknown option, wrong switch payload, unknown entity.
  const BAD: readonly (readonly [string, string, string])[] = [
    ["reserve_soc", "abc", "not a number"],
    ["reserve_soc", "150", "above the maximum 100 %"],
    ["grid_target", "-5000", "below the minimum -1000 W"],
    ["mode", "turbo", "unknown option"],
    ["optimizer", "yes", "expected ON or OFF"],
    ["plan", "PRESS", 'no entity "plan" takes commands'],
  ];

  it.each(BAD)("ignores %s %j (%s) and keeps running", async (key, payload, reason) => {
    const before = lastKnown;
    await publishAs(broker.url, `sunshift/cmd/${key}/set`, payload);
    await until(() => logger.entries.some((e) => e.level === "warn"), "warning");
    const warning = logger.entries.find((e) => e.level === "warn");
    expect(warning?.msg).toBe("mqtt: ignored a bad command");
    expect(String(warning?.fields?.reason)).toContain(reason);
    expect(warning?.fields?.payload).toBe(payload);
    await sleep(50);
    expect(received).toEqual([]);
    expect(obs.on("sunshift/cmd/state")).toEqual([]);
    // Still alive: a good command right after works.
    await publishAs(broker.url, "sunshift/cmd/reserve_soc/set", "21");
    // Wait for the echo too: the command callback runs before the state reaches the observer.
    await until(() => received.length === 1 && obs.on("sunshift/cmd/state").length === 1, "good command after a bad one, and its echo");
    expect(lastDoc()).toEqual({ ...before, reserve_soc: 21 });
  });
});

describe("retained commands", () => {
  it("does not replay a command someone retained on our command topic when (re)connecting", async () => {
    await publishAs(broker.url, "sunshift/cmd2/mode/set", "off", true);
    const log2 = recordingLogger();
    const got: EntityCommand[] = [];
    const second = createMqttBridge({
      url: broker.url, discoveryPrefix: "homeassistant", installId: "cmd2", version: "0.1.0", logger: log2,
      scheduler: systemScheduler, discoveryScanMs: 100, reconnectPeriodMs: 100,
    });
    second.onCommand((c) => got.push(c));
    await second.start();
    await until(() => log2.entries.some((e) => e.msg === "mqtt: ignored a retained command"), "retained command warning");
    expect(log2.entries.find((e) => e.level === "warn")?.fields).toEqual({ topic: "sunshift/cmd2/mode/set", payload: "off" });
    expect(got).toEqual([]);
    await second.stop();
    await publishAs(broker.url, "sunshift/cmd2/mode/set", "", true);
  });
});

describe("plan attributes and the plan-changed event", () => {
  it("publishes a full 48 h card payload retained, under 16 KiB on the wire", async () => {
    const n = 192;
    const payload: CardPayload = {
      v: 1, status: "optimal", generatedAtMs: Date.UTC(2026, 5, 20), startMs: Date.UTC(2026, 5, 20), stepMin: 15,
      importP: Array.from({ length: n }, (_, i) => 150 + ((i * 37) % 300) - 60), socPct: Array.from({ length: n }, (_, i) => 10 + (i % 90)),
      batteryW: Array.from({ length: n }, (_, i) => ((i * 97) % 1600) - 800), pvW: Array.from({ length: n }, (_, i) => (i * 53) % 1800),
      loadW: Array.from({ length: n }, (_, i) => 200 + ((i * 31) % 2500)), gridW: Array.from({ length: n }, (_, i) => ((i * 71) % 3000) - 800),
      plugs: [{ id: "switch.boiler", w: 2000, runs: [[10, 4], [60, 4], [150, 4]] }],
      reasons: Array.from({ length: 60 }, (_, i) => ({ k: "discharge" as const, i: i * 3, n: 3, w: 512, p: 312, pStored: 201 })),
      planReasons: [{ k: "solved", i: 0, n: n, solver: "highs", status: "optimal", binaries: 384 }],
      reasonsDropped: 0,
    };
    bridge.publishPlan(payload);
    await until(() => obs.on("sunshift/cmd/plan").length === 1, "plan");
    const seen = obs.last("sunshift/cmd/plan");
    expect(seen?.retain).toBe(true);
    expect(Buffer.byteLength(seen?.payload ?? "")).toBeLessThan(16_384);
    expect(cardPayloadSchema.parse(JSON.parse(seen?.payload ?? "null"))).toEqual(payload);
    bridge.publishPlan(payload);
    await sleep(50);
    expect(obs.on("sunshift/cmd/plan")).toHaveLength(1);
  });

  it("fires the event entity's payload, not retained", async () => {
    bridge.firePlanChanged({ status: "fallback", generatedAtMs: Date.UTC(2026, 5, 20, 12, 15), currentAction: "hold", objectiveEur: 1.23456 });
    await until(() => obs.on("sunshift/cmd/plan_changed").length === 1, "event");
    const seen = obs.last("sunshift/cmd/plan_changed");
    expect(seen?.retain).toBe(false);
    expect(JSON.parse(seen?.payload ?? "null")).toEqual({
      event_type: "plan_changed", status: "fallback", generated_at: "2026-06-20T12:15:00.000Z", current_action: "hold", objective_eur: 1.23,
    });
  });
});
