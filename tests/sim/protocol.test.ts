/**
 * The simulated home's HA WebSocket API against the real home-assistant-js-websocket client.
 * Expected shapes: /work/shared/data/ha-websocket/ha-websocket-doc-examples.json and
 * ha-websocket-subscribe-entities-core-tests.json (DEVICES.md §3).
 */
import { callService, getConfig, getStates, subscribeEntities, type Connection, type HassEntities } from "home-assistant-js-websocket";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuthInvalidError, openHaSocket, wsUrlFor } from "../../addon/src/ha/socket.js";
import { SIM_ENTITY_IDS as E, startSimulatedHome, type SimulatedHome } from "../../addon/src/sim/index.js";
import { hawsConnect, realScheduler, simSeries, waitFor } from "./helpers.js";

const TOKEN = "sim-token";
let sim: SimulatedHome;
let conn: Connection;

beforeEach(async () => {
  sim = await startSimulatedHome({ token: TOKEN, startAt: "2024-06-15T10:00:00Z", speed: "manual", series: simSeries() });
  conn = await hawsConnect(sim.url, TOKEN);
});

afterEach(async () => {
  conn.close();
  await sim.stop();
});

describe("simulated home over the HA WebSocket API", () => {
  it("authenticates, reports the HA version, and rejects a wrong token with auth_invalid", async () => {
    expect(conn.haVersion).toBe("2025.10.4");
    await expect(
      openHaSocket({ wsUrl: wsUrlFor(sim.url), token: "wrong", scheduler: realScheduler, handshakeTimeoutMs: 2000, authTimeoutMs: 2000, supportedFeatures: false }),
    ).rejects.toBeInstanceOf(AuthInvalidError);
  });

  it("get_config describes a Paris/EUR metric home", async () => {
    const cfg = await getConfig(conn);
    expect(cfg.time_zone).toBe("Europe/Paris");
    expect(cfg.currency).toBe("EUR");
    expect(cfg.version).toBe("2025.10.4");
    expect(cfg.unit_system.temperature).toBe("°C");
    expect(cfg.state).toBe("RUNNING");
  });

  it("get_states lists exactly the documented entities with HA units", async () => {
    const states = await getStates(conn);
    const ids = states.map((s) => s.entity_id).sort();
    const expected = [
      ...Object.values(E),
      "switch.shellyplusplugs_dishwasher",
      "sensor.shellyplusplugs_dishwasher_power",
      "switch.shellyplugsg3_ebike",
      "sensor.shellyplugsg3_ebike_power",
    ].sort();
    expect(ids).toEqual(expected);
    const byId = new Map(states.map((s) => [s.entity_id, s]));
    expect(byId.get(E.gridPower)?.attributes["unit_of_measurement"]).toBe("W");
    expect(byId.get(E.importEnergy)?.attributes["unit_of_measurement"]).toBe("kWh");
    expect(byId.get(E.importEnergy)?.attributes["state_class"]).toBe("total_increasing");
    expect(byId.get(E.soc)?.attributes["unit_of_measurement"]).toBe("%");
    expect(byId.get(E.acMode)?.attributes["options"]).toEqual(["input", "output"]);
    expect(byId.get(E.managerManualPower)?.attributes["min"]).toBe(-12000);
    expect(byId.get(E.spotPrice)?.attributes["unit_of_measurement"]).toBe("EUR/kWh");
    expect(byId.get(E.gridPower)?.last_updated).toBe("2024-06-15T10:00:00.000000+00:00");
  });

  it("HAWS subscribeEntities (compressed stream) tracks the same states as get_states", async () => {
    let latest: HassEntities = {};
    const unsub = subscribeEntities(conn, (ents) => {
      latest = ents;
    });
    await waitFor(() => E.gridPower in latest, "initial entities");
    const before = latest[E.importEnergy]?.state;
    sim.advance(10 * 60_000);
    const fresh = await getStates(conn);
    await waitFor(() => latest[E.gridPower]?.state === fresh.find((s) => s.entity_id === E.gridPower)?.state, "diffs applied");
    for (const s of fresh) {
      expect(latest[s.entity_id]?.state, s.entity_id).toBe(s.state);
      expect(latest[s.entity_id]?.attributes, s.entity_id).toEqual(s.attributes);
      expect(Date.parse(latest[s.entity_id]?.last_changed ?? ""), s.entity_id).toBe(Date.parse(s.last_changed));
    }
    expect(Number(latest[E.importEnergy]?.state)).toBeGreaterThanOrEqual(Number(before));
    unsub();
  });

  it("call_service switches a plug; the call is recorded with sim time", async () => {
    const res = await callService(conn, "switch", "turn_on", undefined, { entity_id: "switch.shellyplusplugs_dishwasher" });
    expect(res).toMatchObject({ context: { user_id: expect.any(String) as unknown }, response: null });
    sim.advance(2000);
    const states = await getStates(conn);
    const find = (id: string): string | undefined => states.find((s) => s.entity_id === id)?.state;
    expect(find("switch.shellyplusplugs_dishwasher")).toBe("on");
    expect(Number(find("sensor.shellyplusplugs_dishwasher_power"))).toBeCloseTo(1200, -2);
    const call = sim.snapshot().serviceCalls.at(-1);
    expect(call).toMatchObject({ domain: "switch", service: "turn_on", entityIds: ["switch.shellyplusplugs_dishwasher"], ok: true });
    expect(call?.atMs).toBe(Date.parse("2024-06-15T10:00:00Z"));
  });

  it("answers errors with HA's codes", async () => {
    const err = (p: Promise<unknown>): Promise<unknown> => p.then(() => "resolved", (e: unknown) => e);
    await expect(err(callService(conn, "nope", "nothing"))).resolves.toMatchObject({ code: "not_found", message: "Action nope.nothing not found." });
    await expect(err(callService(conn, "number", "set_value", { value: 900 }, { entity_id: E.outputLimit }))).resolves.toMatchObject({
      code: "service_validation_error",
    });
    await expect(err(callService(conn, "number", "set_value", { value: "abc" }, { entity_id: E.outputLimit }))).resolves.toMatchObject({
      code: "invalid_format",
    });
    await expect(err(callService(conn, "switch", "turn_on", undefined, { entity_id: "switch.unknown" }))).resolves.toMatchObject({
      code: "service_validation_error",
    });
    await expect(err(callService(conn, "switch", "turn_on", undefined, { entity_id: "switch.shellyplugsg3_ebike" }, true))).resolves.toMatchObject({
      code: "service_validation_error",
    });
    await expect(err(callService(conn, "light", "turn_on", { rgb_color: [1, 2] }, { entity_id: E.statusLight }))).resolves.toMatchObject({
      code: "invalid_format",
    });
    expect(sim.snapshot().serviceCalls.map((c) => c.code)).toEqual(["not_found", "service_validation_error", "invalid_format", "service_validation_error", "service_validation_error", "invalid_format"]);
  });

  it("returns data with return_response (nordpool.get_prices_for_date, EUR/MWh per local hour)", async () => {
    const res = (await callService(conn, "nordpool", "get_prices_for_date", { date: "2024-06-15" }, undefined, true)) as {
      response: { AT: { start: string; end: string; price: number }[] };
    };
    expect(res.response.AT).toHaveLength(24);
    expect(res.response.AT[0]?.start).toBe("2024-06-15T00:00:00+02:00");
    // awattar-at-dayahead-hourly-2024-2025.csv: 2024-06-14T22:00Z (00:00 Paris) 58.68, 2024-06-15T09:00Z (11:00) −30.41.
    expect(res.response.AT[0]?.price).toBeCloseTo(58.68, 6);
    expect(res.response.AT[11]).toMatchObject({ start: "2024-06-15T11:00:00+02:00", end: "2024-06-15T12:00:00+02:00" });
    expect(res.response.AT[11]?.price).toBeCloseTo(-30.41, 6);
  });

  it("subscribe_events delivers state_changed and fired events until unsubscribed", async () => {
    const events: { event_type: string; data: Record<string, unknown> }[] = [];
    const unsub = await conn.subscribeEvents<{ event_type: string; data: Record<string, unknown> }>((e) => events.push(e));
    await callService(conn, "light", "turn_on", { rgb_color: [255, 0, 0], brightness_pct: 50 }, { entity_id: E.statusLight });
    await conn.sendMessagePromise({ type: "fire_event", event_type: "sunshift_test", event_data: { n: 1 } });
    await waitFor(() => events.some((e) => e.event_type === "sunshift_test"), "fired event");
    const light = events.find((e) => e.event_type === "state_changed" && e.data["entity_id"] === E.statusLight);
    expect(light?.data["new_state"]).toMatchObject({ state: "on", attributes: { rgb_color: [255, 0, 0], brightness: 128 } });
    expect(light?.data["old_state"]).toMatchObject({ state: "off", attributes: { rgb_color: null } });
    expect(events.find((e) => e.event_type === "sunshift_test")?.data).toEqual({ n: 1 });
    await unsub();
    const n = events.length;
    sim.advance(5000);
    await conn.ping();
    expect(events.length).toBe(n);
  });

  it("toggles plugs and turns the light off (HA clears its colour attributes)", async () => {
    await callService(conn, "switch", "toggle", undefined, { entity_id: ["switch.shellyplugsg3_ebike", "switch.shellyplusplugs_dishwasher"] });
    await callService(conn, "switch", "toggle", undefined, { entity_id: "switch.shellyplugsg3_ebike" });
    await callService(conn, "light", "turn_on", { rgb_color: [0, 255, 0], brightness: 40 }, { entity_id: E.statusLight });
    await callService(conn, "light", "turn_off", undefined, { entity_id: E.statusLight });
    const snap = sim.snapshot();
    expect(snap.plugs.map((p) => [p.id, p.on])).toEqual([["dishwasher", true], ["ebike", false]]);
    expect(snap.light).toEqual({ on: false, rgbColor: [0, 255, 0], brightness: 40 });
    const light = (await getStates(conn)).find((s) => s.entity_id === E.statusLight);
    expect(light).toMatchObject({ state: "off", attributes: { rgb_color: null, brightness: null, supported_color_modes: ["rgb"] } });
  });

  it("pings and pongs", async () => {
    await expect(conn.ping()).resolves.toBeUndefined();
  });
});
