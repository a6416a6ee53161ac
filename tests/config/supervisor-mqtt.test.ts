// The Supervisor MQTT service lookup (addon/src/config/supervisor-mqtt.ts) against a real HTTP
// server on 127.0.0.1. Envelope shapes from HA-CONVENTIONS.md §4.1 (supervisor api/services.py).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FetchLike, lookupSupervisorMqtt } from "../../addon/src/config/index.js";
import { type FakeSupervisor, startFakeSupervisor } from "./support/supervisor-server.js";

// The global fetch fits the injected port.
const realFetch: FetchLike = fetch;

describe("lookupSupervisorMqtt", () => {
  let sup: FakeSupervisor;
  beforeAll(async () => {
    sup = await startFakeSupervisor();
  });
  afterAll(async () => {
    await sup.close();
  });

  it("ok: port given as a string is parsed with Number()", async () => {
    sup.respond(200, { result: "ok", data: { addon: "core_mosquitto", host: "core-mosquitto", port: "1883", ssl: false, username: "addons", password: "pw-secret", protocol: "3.1.1" } });
    const r = await lookupSupervisorMqtt(realFetch, "tok", sup.url);
    expect(r).toEqual({ ok: true, broker: { kind: "broker", source: "supervisor", url: "mqtt://core-mosquitto:1883", host: "core-mosquitto", port: 1883, tls: false, username: "addons", password: "pw-secret" } });
    expect(sup.requests.at(-1)).toEqual({ method: "GET", path: "/services/mqtt", authorization: "Bearer tok" });
  });

  it("ok: an int port and ssl: true give mqtts", async () => {
    sup.respond(200, { result: "ok", data: { host: "broker", port: 8883, ssl: true } });
    const r = await lookupSupervisorMqtt(realFetch, "tok", sup.url);
    expect(r).toEqual({ ok: true, broker: { kind: "broker", source: "supervisor", url: "mqtts://broker:8883", host: "broker", port: 8883, tls: true, username: null, password: null } });
  });

  it("service not enabled: the fix is named", async () => {
    sup.respond(400, { result: "error", message: "Service not enabled" });
    const r = await lookupSupervisorMqtt(realFetch, "tok", sup.url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/"Service not enabled".*install the Mosquitto broker add-on .* or set mqtt\.host$/);
  });

  it.each([
    ["data without host", 200, { result: "ok", data: { port: 1883, password: "leak-me-not" } }, /bad: data\.host/],
    ["port not a number", 200, { result: "ok", data: { host: "h", port: "abc", password: "leak-me-not" } }, /bad: data\.port/],
    ["no envelope", 200, { host: "h", port: 1883, password: "leak-me-not" }, /bad: result, data/],
    ["not JSON", 200, "<html>leak-me-not</html>", /bad: body/],
  ])("bad envelope: %s", async (_name, status, body, bad) => {
    sup.respond(status, body);
    const r = await lookupSupervisorMqtt(realFetch, "tok", sup.url);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toMatch(/^mqtt: unexpected answer from the Supervisor's \/services\/mqtt \(HTTP 200; /);
    expect(r.problem).toMatch(bad);
    expect(r.problem).not.toContain("leak-me-not");
  });

  it("forbidden: points at services: mqtt:need", async () => {
    sup.respond(403, "forbidden");
    const r = await lookupSupervisorMqtt(realFetch, "tok", sup.url);
    expect(!r.ok && r.problem).toMatch(/HTTP 403.*services: mqtt:need/);
  });

  it("unreachable Supervisor: a problem value, not a throw", async () => {
    const r = await lookupSupervisorMqtt(realFetch, "tok", "http://127.0.0.1:1");
    expect(!r.ok && r.problem).toMatch(/^mqtt: could not reach the Supervisor at http:\/\/127\.0\.0\.1:1\/services\/mqtt/);
  });
});
