/**
 * Exact wire messages of the simulated server, read with a bare `ws` client: handshake,
 * envelope errors, filtered subscribe_entities (`a` then `c` diffs as in
 * /work/shared/data/ha-websocket/ha-websocket-subscribe-entities-core-tests.json) and the
 * fault hooks (unavailable, frozen).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { SIM_ENTITY_IDS as E, startSimulatedHome, type SimulatedHome } from "../../addon/src/sim/index.js";
import { simSeries, waitFor } from "./helpers.js";

type Msg = Record<string, unknown>;
let sim: SimulatedHome;

class RawClient {
  readonly inbox: Msg[] = [];
  /** Messages per frame (> 1 only when coalesced). */
  readonly frameSizes: number[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on("message", (d: Buffer) => {
      const v = JSON.parse(d.toString("utf8")) as Msg | Msg[];
      const list = Array.isArray(v) ? v : [v];
      this.frameSizes.push(Array.isArray(v) ? list.length : 1);
      this.inbox.push(...list);
    });
  }
  static async open(url: string): Promise<RawClient> {
    const ws = new WebSocket(`${url.replace("http", "ws")}/api/websocket`);
    const c = new RawClient(ws);
    await new Promise((r) => ws.once("open", r));
    return c;
  }
  send(m: Msg): void {
    this.ws.send(JSON.stringify(m));
  }
  async next(pred: (m: Msg) => boolean, what: string): Promise<Msg> {
    await waitFor(() => this.inbox.some(pred), what);
    const i = this.inbox.findIndex(pred);
    return this.inbox.splice(i, 1)[0]!;
  }
  async auth(token = "t"): Promise<void> {
    await this.next((m) => m["type"] === "auth_required", "auth_required");
    this.send({ type: "auth", access_token: token });
    await this.next((m) => m["type"] === "auth_ok", "auth_ok");
  }
}

beforeEach(async () => {
  sim = await startSimulatedHome({ token: "t", startAt: "2024-06-15T10:00:00Z", speed: "manual", series: simSeries() });
});
afterEach(async () => {
  await sim.stop();
});

describe("simulated server wire protocol", () => {
  it("handshake: auth_required with version, malformed auth → auth_invalid and close", async () => {
    const c = await RawClient.open(sim.url);
    expect(await c.next(() => true, "first")).toEqual({ type: "auth_required", ha_version: "2025.10.4" });
    const closed = new Promise((r) => c.ws.once("close", r));
    c.send({ type: "login", password: "x" });
    expect(await c.next(() => true, "auth_invalid")).toMatchObject({ type: "auth_invalid" });
    await closed;
  });

  it("envelope errors: unknown_command, id_reuse, invalid_format", async () => {
    const c = await RawClient.open(sim.url);
    await c.auth();
    c.send({ id: 5, type: "no_such_command" });
    expect(await c.next((m) => m["id"] === 5, "r5")).toEqual({ id: 5, type: "result", success: false, error: { code: "unknown_command", message: "Unknown command." } });
    c.send({ id: 5, type: "ping" });
    expect(await c.next((m) => m["id"] === 5, "r5b")).toMatchObject({ success: false, error: { code: "id_reuse" } });
    c.send({ id: 6, type: "call_service", domain: 3 });
    expect(await c.next((m) => m["id"] === 6, "r6")).toMatchObject({ success: false, error: { code: "invalid_format" } });
    c.send({ id: 7, type: "unsubscribe_events", subscription: 99 });
    expect(await c.next((m) => m["id"] === 7, "r7")).toMatchObject({ success: false, error: { code: "not_found" } });
    c.ws.close();
  });

  it("filtered subscribe_entities: result, one `a` with the filter, then `c` diffs for those ids only", async () => {
    const c = await RawClient.open(sim.url);
    await c.auth();
    c.send({ id: 2, type: "subscribe_entities", entity_ids: [E.outputLimit, E.gridPower] });
    expect(await c.next((m) => m["id"] === 2 && m["type"] === "result", "result")).toEqual({ id: 2, type: "result", success: true, result: null });
    const first = await c.next((m) => m["id"] === 2 && m["type"] === "event", "a");
    const a = (first["event"] as { a: Record<string, Msg> }).a;
    expect(Object.keys(a).sort()).toEqual([E.gridPower, E.outputLimit].sort());
    expect(a[E.outputLimit]).toEqual({
      s: "0",
      a: { min: 0, max: 800, step: 1, mode: "box", unit_of_measurement: "W", friendly_name: "SolarFlow 800 Pro Output Limit" },
      c: expect.any(String) as unknown,
      lc: Date.parse("2024-06-15T10:00:00Z") / 1000,
    });
    sim.advance(500);
    c.send({ id: 3, type: "call_service", domain: "number", service: "set_value", service_data: { value: 300 }, target: { entity_id: E.outputLimit } });
    const diff = await c.next((m) => m["id"] === 2 && JSON.stringify(m).includes(E.outputLimit), "c");
    const plus = (diff["event"] as { c: Record<string, { "+": Msg }> }).c[E.outputLimit]?.["+"];
    expect(plus).toMatchObject({ s: "300", lc: Date.parse("2024-06-15T10:00:00.500Z") / 1000, c: { user_id: expect.any(String) as unknown } });
    sim.advance(5000);
    await c.next((m) => m["id"] === 2 && JSON.stringify(m).includes(E.gridPower), "meter diff");
    expect(c.inbox.filter((m) => m["id"] === 2).every((m) => Object.keys((m["event"] as { c: object }).c).every((k) => k === E.gridPower))).toBe(true);
    c.ws.close();
  });

  it("coalesces messages into array frames after supported_features {coalesce_messages: 1}", async () => {
    const c = await RawClient.open(sim.url);
    await c.auth();
    c.send({ id: 1, type: "supported_features", features: { coalesce_messages: 1 } });
    await c.next((m) => m["id"] === 1, "features result");
    c.send({ id: 2, type: "subscribe_entities" });
    await c.next((m) => m["id"] === 2 && m["type"] === "event", "a");
    c.frameSizes.length = 0;
    sim.advance(1000); // one tick changes several entities in the same turn
    await waitFor(() => c.frameSizes.length > 0, "a frame");
    expect(c.frameSizes[0]).toBeGreaterThan(1);
    c.ws.close();
  });

  it("fault hooks: unavailable shows in the stream; a frozen entity stops changing", async () => {
    const c = await RawClient.open(sim.url);
    await c.auth();
    c.send({ id: 2, type: "subscribe_entities", entity_ids: [E.gridPower, E.soc] });
    await c.next((m) => m["id"] === 2 && m["type"] === "event", "a");
    sim.setUnavailable(E.gridPower, true);
    const un = await c.next((m) => JSON.stringify(m).includes('"s":"unavailable"'), "unavailable diff");
    expect(Object.keys((un["event"] as { c: object }).c)).toEqual([E.gridPower]);
    sim.setUnavailable(E.gridPower, false);
    sim.advance(1000);
    await c.next((m) => m["id"] === 2 && JSON.stringify(m).includes(E.gridPower) && !JSON.stringify(m).includes("unavailable"), "back");
    sim.freezeEntity(E.gridPower);
    c.inbox.length = 0;
    sim.advance(10_000);
    c.send({ id: 3, type: "ping" });
    await c.next((m) => m["id"] === 3, "pong");
    expect(c.inbox.some((m) => JSON.stringify(m).includes(E.gridPower))).toBe(false);
    c.ws.close();
  });
});
