/**
 * The demo's local broker (addon/src/sim/broker.ts): which broker a choice means, failures as
 * clear errors, and the embedded aedes broker behaving as Sunshift needs it (retained messages,
 * empty retained payload clears, last will on an unclean drop, loopback only, clean stop).
 */
import { connectAsync } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../addon/src/domain/index.js";
import { pickBroker, startAedesBroker, startLocalBroker, startMosquittoBroker, type LocalBroker } from "../../addon/src/sim/broker.js";
import { mosquittoBinary } from "../support/mosquitto.js";
import { until } from "../mqtt/helpers.js";

const brokers: LocalBroker[] = [];
afterEach(async () => {
  for (const b of brokers.splice(0)) await b.stop();
});

describe("broker choice", () => {
  it.each([
    ["auto", true, "mosquitto"],
    ["auto", false, "aedes"],
    ["mosquitto", true, "mosquitto"],
    ["mosquitto", false, null],
    ["aedes", true, "aedes"],
    ["aedes", false, "aedes"],
  ] as const)("%s with mosquitto installed=%s → %s", (choice, installed, expected) => {
    expect(pickBroker(choice, installed)).toBe(expected);
  });

  it("rejects with the reason when Mosquitto is asked for but missing, or exits at once", async () => {
    await expect(startLocalBroker({ choice: "mosquitto", logger: silentLogger, mosquittoBin: "/nonexistent/mosquitto" })).rejects.toThrow(
      "mosquitto is not installed at /nonexistent/mosquitto",
    );
    await expect(startMosquittoBroker("/bin/false")).rejects.toThrow(/mosquitto exited \(1\)/);
  });
});

describe("embedded aedes broker", () => {
  it("listens on loopback, keeps and clears retained messages, sends the will on an unclean drop", async () => {
    const b = await startAedesBroker(silentLogger);
    brokers.push(b);
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`);
    const pub = await connectAsync(b.url, { clientId: "pub", will: { topic: "t/avail", payload: Buffer.from("offline"), retain: true, qos: 1 } });
    await pub.publishAsync("t/avail", "online", { retain: true, qos: 1 });
    await pub.publishAsync("t/config", "{}", { retain: true, qos: 1 });
    await pub.publishAsync("t/config", "", { retain: true, qos: 1 });
    // aedes speaks MQTT 3.1.1 only (no v5 retain-as-published): a retained copy arrives with retain set.
    const sub = await connectAsync(b.url, { clientId: "sub" });
    const seen: { topic: string; payload: string; retain: boolean }[] = [];
    sub.on("message", (topic, payload, packet) => seen.push({ topic, payload: payload.toString(), retain: packet.retain }));
    await sub.subscribeAsync("t/#", { qos: 1 });
    await until(() => seen.length === 1, "retained availability");
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([{ topic: "t/avail", payload: "online", retain: true }]);
    pub.stream.destroy();
    await until(() => seen.at(-1)?.payload === "offline", "last will");
    expect(seen.at(-1)).toEqual({ topic: "t/avail", payload: "offline", retain: false });
    await sub.endAsync();
    await pub.endAsync(true);
  });

  it("stops idempotently and frees its port", async () => {
    const b = await startAedesBroker(silentLogger);
    const client = await connectAsync(b.url, { clientId: "c", reconnectPeriod: 0 });
    await Promise.all([b.stop(), b.stop()]);
    await until(() => !client.connected, "client dropped by the stop");
    await expect(connectAsync(b.url, { reconnectPeriod: 0, connectTimeout: 1000 })).rejects.toThrow();
    await client.endAsync(true);
  });

  it.skipIf(mosquittoBinary() === null)("starts Mosquitto on a free loopback port and stops it", async () => {
    const b = await startLocalBroker({ choice: "auto", logger: silentLogger });
    expect(b.kind).toBe("mosquitto");
    const c = await connectAsync(b.url, { reconnectPeriod: 0 });
    await c.endAsync();
    await b.stop();
    await b.stop();
    await expect(connectAsync(b.url, { reconnectPeriod: 0, connectTimeout: 1000 })).rejects.toThrow();
  });
});
