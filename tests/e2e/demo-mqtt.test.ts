/**
 * The demo's MQTT path (issue 5 §8): `startDemo` with the embedded aedes broker and with the
 * Debian Mosquitto. The simulated home plays HA's MQTT integration, creates every Sunshift
 * entity from discovery, `/api/ha-entities` shows them, and a `select.select_option` given over
 * the sim's WebSocket API reaches Sunshift and is echoed within one control cycle (2 s of home
 * time). Household data: addon/data/emhass-long-train-data.csv (via the simulated home).
 */
import { subscribeEntities, type Connection, type HassEntities } from "home-assistant-js-websocket";
import { connectAsync } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_TOKEN, runDemo, startDemo, type RunningDemo } from "../../addon/src/cli/demo-command.js";
import { ENTITY_SPECS } from "../../addon/src/mqtt/entity-table.js";
import { mosquittoBinary } from "../support/mosquitto.js";
import { hawsConnect, waitFor } from "../sim/helpers.js";

/** The fast loop's period in home time: the command must be echoed within it. */
const CONTROL_CYCLE_MS = 2000;

let demo: RunningDemo | null = null;
let conn: Connection | null = null;
afterEach(async () => {
  conn?.close();
  conn = null;
  await demo?.stop();
  demo = null;
});

interface HaEntitiesBody {
  readonly broker: { readonly kind: string; readonly url: string } | null;
  readonly mqtt: { readonly kind: string } | null;
  readonly entities: readonly { readonly entityId: string; readonly state: string }[];
}

async function roundTrip(broker: "aedes" | "auto"): Promise<{ d: RunningDemo; lines: string[]; echoMs: number }> {
  const lines: string[] = [];
  // 5×: the sim clock steps 250 ms of home time per 50 ms wall tick, fine enough to time the echo.
  const d = await startDemo({ speed: 5, apiPort: 0, start: "2024-06-15T17:30:00Z", broker, write: (l) => lines.push(l) });
  demo = d;
  const mode = (): string | undefined => d.sim.mqtt?.entities().find((e) => e.entityId === "select.sunshift_mode")?.state;
  await waitFor(() => d.sim.mqtt?.entities().length === ENTITY_SPECS.length && mode() === "auto", "all entities, mode available", 10_000);

  const body = (await (await fetch(`http://127.0.0.1:${d.service.apiPort}/api/ha-entities`)).json()) as HaEntitiesBody;
  expect(body.broker?.kind).toBe(d.broker?.kind);
  expect(body.mqtt?.kind).toBe("connected");
  expect(body.entities.map((e) => e.entityId).sort()).toEqual(ENTITY_SPECS.map((s) => `${s.component}.sunshift_${s.key}`).sort());

  const c = await hawsConnect(d.sim.url, DEMO_TOKEN);
  conn = c;
  let seen: HassEntities = {};
  subscribeEntities(c, (e) => (seen = e));
  await waitFor(() => seen["select.sunshift_mode"]?.state === "auto", "mode over the WebSocket");
  const wallStart = performance.now();
  await c.sendMessagePromise({ type: "call_service", domain: "select", service: "select_option", service_data: { option: "hold" }, target: { entity_id: "select.sunshift_mode" } });
  const calledAtMs = d.sim.snapshot().serviceCalls.findLast((s) => s.domain === "select" && s.ok)?.atMs ?? Number.NaN;
  await waitFor(() => seen["select.sunshift_mode"]?.state === "hold", "echoed mode", 5000);
  const wallMs = performance.now() - wallStart;
  expect(d.service.settings().mode).toBe("hold");
  const echoMs = Date.parse(seen["select.sunshift_mode"]?.last_changed ?? "") - calledAtMs;
  console.info(`demo (${d.broker?.kind ?? "none"}): select.select_option → echoed state after ${echoMs} ms home time, ${Math.round(wallMs)} ms wall`);
  return { d, lines, echoMs };
}

describe("demo with the simulated home's MQTT side", () => {
  it("embedded aedes broker: entities from discovery, a select command round-trips within one control cycle", async () => {
    const { d, lines, echoMs } = await roundTrip("aedes");
    expect(d.broker?.kind).toBe("aedes");
    expect(echoMs).toBeGreaterThanOrEqual(0);
    expect(echoMs).toBeLessThanOrEqual(CONTROL_CYCLE_MS);
    await waitFor(() => lines.some((l) => l.includes("Home Assistant sees select.sunshift_mode = hold")), "the demo prints HA's view", 5000);
    expect(lines.some((l) => l.includes(`Home Assistant (simulated) has ${ENTITY_SPECS.length} Sunshift entities`))).toBe(true);
  }, 30_000);

  it.skipIf(mosquittoBinary() === null)("auto picks the installed Mosquitto, round-trips, and stops it with the demo", async () => {
    const { d, echoMs } = await roundTrip("auto");
    expect(d.broker?.kind).toBe("mosquitto");
    expect(echoMs).toBeLessThanOrEqual(CONTROL_CYCLE_MS);
    const url = d.broker?.url ?? "";
    await d.stop();
    demo = null;
    await expect(connectAsync(url, { reconnectPeriod: 0, connectTimeout: 1000 })).rejects.toThrow();
  }, 30_000);

  it("refuses an unknown --broker with exit 2", async () => {
    expect(await runDemo(["--broker", "rabbit"])).toBe(2);
  });
});
