/**
 * createHaClient against the simulated home and small fake servers on loopback: connect,
 * filtered entity subscriptions, service results and errors, reconnect + resubscribe with
 * capped backoff, heartbeat timeout, auth failure without a retry storm.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectionStatus, EntityStates } from "../../addon/src/domain/index.js";
import { backoffMs, createHaClient, type ManagedHaClient, type HaClientOptions } from "../../addon/src/ha/index.js";
import { SIM_ENTITY_IDS as E, startSimulatedHome, type SimulatedHome } from "../../addon/src/sim/index.js";
import { callService } from "home-assistant-js-websocket";
import { hawsConnect, realClock, realScheduler, simSeries, waitFor } from "../sim/helpers.js";
import { freePort, startFakeServer, type FakeServer } from "./fake-servers.js";

const TOKEN = "tok";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sim(port = 0): Promise<SimulatedHome> {
  const s = await startSimulatedHome({ token: TOKEN, port, startAt: "2024-06-15T10:00:00Z", speed: "manual", series: simSeries() });
  cleanups.push(() => s.stop());
  return s;
}

function client(url: string, extra: Partial<HaClientOptions> = {}): { c: ManagedHaClient; statuses: ConnectionStatus[] } {
  const c = createHaClient({
    baseUrl: url,
    token: TOKEN,
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: realClock,
    scheduler: realScheduler,
    backoffInitialMs: 40,
    backoffMaxMs: 320,
    heartbeatIntervalMs: 60_000,
    ...extra,
  });
  const statuses: ConnectionStatus[] = [];
  c.onStatus((s) => statuses.push(s));
  cleanups.push(() => c.stop());
  return { c, statuses };
}

const kind = (c: ManagedHaClient): ConnectionStatus["kind"] => c.status().kind;

describe("backoffMs", () => {
  it.each([
    [1, 1000], [2, 2000], [3, 4000], [5, 16_000], [6, 30_000], [50, 30_000], [0, 1000],
  ])("attempt %d → %d ms", (attempt, ms) => {
    expect(backoffMs(attempt)).toBe(ms);
  });
});

describe("createHaClient against the simulated home", () => {
  it("connects, reports status, subscribes filtered entities and gets updates", async () => {
    const home = await sim();
    const { c, statuses } = client(home.url);
    await c.start();
    expect(statuses.map((s) => s.kind)).toEqual(["stopped", "connecting", "connected"]);
    expect(c.status()).toMatchObject({ kind: "connected", haVersion: "2025.10.4" });
    const maps: EntityStates[] = [];
    const unsub = c.subscribeEntities([E.gridPower, E.soc, "sensor.does_not_exist"], (m) => maps.push(m));
    await waitFor(() => maps.length > 0, "initial map");
    expect([...(maps[0]?.keys() ?? [])].sort()).toEqual([E.gridPower, E.soc].sort());
    expect(maps[0]?.get(E.soc)).toMatchObject({ entityId: E.soc, state: "50", attributes: { unit_of_measurement: "%" } });
    expect(maps[0]?.get(E.gridPower)?.lastUpdatedMs).toBe(Date.parse("2024-06-15T10:00:00Z"));
    home.advance(3000);
    await waitFor(() => maps.at(-1)?.get(E.gridPower)?.lastUpdatedMs === Date.parse("2024-06-15T10:00:03Z"), "meter update");
    unsub();
    const n = maps.length;
    home.advance(3000);
    await expect(c.callService({ domain: "homeassistant", service: "update_entity" })).resolves.toEqual({ ok: true, response: null });
    expect(maps.length).toBe(n);
  });

  it("calls services and maps HA errors to values", async () => {
    const home = await sim();
    const { c } = client(home.url);
    await c.start();
    const on = await c.callService({ domain: "switch", service: "turn_on", target: { entity_id: "switch.shellyplugsg3_ebike" } });
    expect(on).toEqual({ ok: true, response: null });
    expect(home.snapshot().plugs.find((p) => p.id === "ebike")?.on).toBe(true);
    const prices = await c.callService({ domain: "nordpool", service: "get_prices_for_date", serviceData: { date: "2024-06-15" }, returnResponse: true });
    expect(prices.ok && (prices.response as { AT: unknown[] }).AT).toHaveLength(24);
    expect(await c.callService({ domain: "number", service: "set_value", serviceData: { value: 5000 }, target: { entity_id: E.outputLimit } })).toMatchObject({
      ok: false,
      code: "service_validation_error",
    });
    expect(await c.callService({ domain: "foo", service: "bar" })).toEqual({ ok: false, code: "not_found", message: "Action foo.bar not found." });
    expect(await c.callService({ domain: "select", service: "select_option", target: { entity_id: E.acMode } })).toMatchObject({ ok: false, code: "invalid_format" });
    const cfg = await c.getConfig();
    expect(cfg).toMatchObject({ time_zone: "Europe/Paris", currency: "EUR", version: "2025.10.4" });
    await c.stop();
    expect(await c.callService({ domain: "switch", service: "turn_off" })).toMatchObject({ ok: false, code: "not_connected" });
    await expect(c.getConfig()).rejects.toThrow(/not_connected/);
  });

  it("reconnects after a dropped connection and re-sends the full map, with changes made meanwhile", async () => {
    const home = await sim();
    const { c, statuses } = client(home.url, { backoffInitialMs: 300 });
    await c.start();
    const maps: EntityStates[] = [];
    c.subscribeEntities([E.gridPower, "switch.shellyplusplugs_dishwasher"], (m) => maps.push(m));
    await waitFor(() => maps.length > 0, "initial map");
    expect(maps.at(-1)?.get("switch.shellyplusplugs_dishwasher")?.state).toBe("off");
    home.dropConnections();
    await waitFor(() => kind(c) === "disconnected", "disconnected");
    expect(c.status()).toMatchObject({ kind: "disconnected", cause: "connection lost", retryInMs: 300 });
    // Someone switches the plug while we are away.
    const other = await hawsConnect(home.url, TOKEN);
    await callService(other, "switch", "turn_on", undefined, { entity_id: "switch.shellyplusplugs_dishwasher" });
    other.close();
    const before = maps.length;
    await waitFor(() => kind(c) === "connected", "reconnected");
    await waitFor(() => maps.length > before, "full map after reconnect");
    expect(maps.at(-1)?.size).toBe(2);
    expect(maps.at(-1)?.get("switch.shellyplusplugs_dishwasher")?.state).toBe("on");
    expect(statuses.map((s) => s.kind).slice(-3)).toEqual(["disconnected", "connecting", "connected"]);
    await waitFor(() => home.connectionCount() === 1, "only our client connected");
  });

  it("forces a reconnect when the pong does not come (heartbeat)", async () => {
    const home = await sim();
    const { c } = client(home.url, { heartbeatIntervalMs: 60, pongTimeoutMs: 100 });
    await c.start();
    home.pauseResponses(true);
    await waitFor(() => kind(c) === "disconnected", "heartbeat timeout");
    expect(c.status()).toMatchObject({ kind: "disconnected", cause: "heartbeat: no pong within 100 ms" });
    home.pauseResponses(false);
    await waitFor(() => kind(c) === "connected", "reconnected after heartbeat");
  });

  it("times out a call the server never answers", async () => {
    const home = await sim();
    const { c } = client(home.url, { callTimeoutMs: 100 });
    await c.start();
    home.pauseResponses(true);
    expect(await c.callService({ domain: "switch", service: "turn_on" })).toMatchObject({ ok: false, code: "timeout" });
    home.pauseResponses(false);
  });

  it("keeps retrying with capped backoff while HA is not up, then connects", async () => {
    const port = await freePort();
    const { c, statuses } = client(`http://127.0.0.1:${port}`);
    await c.start();
    expect(kind(c)).toBe("disconnected");
    await waitFor(() => statuses.filter((s) => s.kind === "disconnected").length >= 5, "5 failed attempts", 5000);
    const delays = statuses.flatMap((s) => (s.kind === "disconnected" ? [s.retryInMs] : []));
    expect(delays.slice(0, 5)).toEqual([40, 80, 160, 320, 320]);
    const sinces = new Set(statuses.flatMap((s) => (s.kind === "disconnected" ? [s.sinceMs] : [])));
    expect(sinces.size).toBe(1); // disconnected since the first failure
    await sim(port);
    await waitFor(() => kind(c) === "connected", "connected once HA is up", 5000);
  });
});

describe("createHaClient against fake servers", () => {
  let fake: FakeServer | null = null;
  afterEach(async () => {
    await fake?.close();
    fake = null;
  });

  it("stops after auth_invalid: status auth_failed, one connection, no retry storm", async () => {
    fake = await startFakeServer({ rejectAuth: true });
    const { c } = client(fake.url);
    await c.start();
    expect(c.status()).toEqual({ kind: "auth_failed", message: "auth_invalid: Invalid access token or password" });
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.connections()).toBe(1);
  });

  it("passes HA error results through and reports a lost connection as connection_lost", async () => {
    fake = await startFakeServer({
      reply: (cmd) => {
        if (cmd["domain"] === "drop") return "drop";
        if (cmd["type"] === "subscribe_entities") return [{ id: cmd["id"], type: "result", success: true, result: null }];
        return [{ id: cmd["id"], type: "result", success: false, error: { code: "home_assistant_error", message: "Device offline" } }];
      },
    });
    const { c } = client(fake.url);
    await c.start();
    expect(await c.callService({ domain: "switch", service: "turn_on" })).toEqual({ ok: false, code: "home_assistant_error", message: "Device offline" });
    expect(await c.callService({ domain: "drop", service: "x" })).toMatchObject({ ok: false, code: "connection_lost" });
    await waitFor(() => kind(c) === "connected" && fake !== null && fake.connections() === 2, "reconnected");
  });
});
