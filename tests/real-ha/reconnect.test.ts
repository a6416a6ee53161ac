/**
 * Connection faults against a real Home Assistant Core 2024.3.3 (issue 8 §1/§2): the WebSocket
 * cut under a running HA (a loopback TCP proxy drops it) and HA restarted. Sunshift (production
 * HA client settings) must be back within 5 s of HA being reachable, resubscribed (it sees
 * changes made after the reconnect), in its safe state while HA is away (no service call on
 * stale data), and its MQTT entities must be available in HA again after HA's restart.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { systemClock } from "../../addon/src/system/clock.js";
import { startHaCore, type HaCore } from "../support/ha-core.js";
import { startMosquitto, type Mosquitto } from "../support/mosquitto.js";
import { waitFor } from "../sim/helpers.js";
import { INITIAL, INPUT, STANDIN, standInHaConfig } from "./standins.js";
import { startSunshift, type SunshiftUnderTest } from "./sunshift.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

/**
 * Issue 8: back within 5 s of HA being reachable. The client retries at most every 5 s
 * (RECONNECT_MAX_MS), so the worst case is 5 s plus one WebSocket handshake and auth; the
 * allowance covers that handshake on a loaded machine (measured 20–100 ms here).
 */
const BACK_WITHIN_MS = 5_000 + 500;
/** How long HA stays stopped in the restart test. */
const OUTAGE_MS = 14_000;

let broker: Mosquitto;
let ha: HaCore;
let proxy: TcpProxy;
let sunshift: SunshiftUnderTest;

beforeAll(async () => {
  broker = await startMosquitto();
  ha = await startHaCore({ config: standInHaConfig(), mqttPort: broker.port });
  proxy = await startTcpProxy(ha.port);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  sunshift = await startSunshift(proxy.url, ha.token, broker.port);
  await waitFor(() => snapshot().readings["grid_w"]?.missing === null, "first readings", 15_000);
  // The first plan loads and warms up the solver, which holds the event loop for a while; wait
  // for it so the reconnect times below measure the reconnect path (the block is printed).
  await waitFor(() => (snapshot().counters["plans"] ?? 0) > 0, "the first plan", 60_000);
  lag.disable();
  process.stderr.write(`real-HA: start → first plan: event-loop delay max ${Math.round(lag.max / 1e6)} ms\n`);
}, 180_000);

beforeEach(() => {
  onTestFailed(() => {
    ha.keepLogs();
  });
});

afterAll(async () => {
  await sunshift.stop();
  await proxy.close();
  await ha.dispose();
  await broker.dispose();
}, 60_000);

function snapshot() {
  return sunshift.service.board.snapshot(systemClock.nowMs());
}

const setLoad = (w: number): Promise<unknown> => ha.rest("POST", "/api/services/input_number/set_value", { entity_id: INPUT.houseLoad, value: w });

/** Resolves with the ms from now until `cond` holds (polled every 20 ms). */
async function msUntil(cond: () => boolean, what: string, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  await waitFor(cond, what, timeoutMs);
  return Math.round(performance.now() - t0);
}

/** A grid reading of `w` W (± what the fast loop's output takes off) means fresh data after a change. */
const gridSeen = (pred: (w: number) => boolean) => (): boolean => {
  const v = snapshot().readings["grid_w"]?.value;
  return typeof v === "number" && pred(v);
};

describe("the WebSocket to HA is cut while HA keeps running", () => {
  it("reconnects within 5 s and resubscribes", async () => {
    expect(snapshot().connection.kind).toBe("connected");
    const logMark = sunshift.log.length;
    const t0 = performance.now();
    const transitions: string[] = [];
    let reconnectMs: number | null = null;
    const off = sunshift.ha.onStatus((st) => {
      const at = Math.round(performance.now() - t0);
      // The first call is the current status (connected), before the cut.
      if (st.kind === "connected" && transitions.length > 0) reconnectMs ??= at;
      transitions.push(`${st.kind}@${at}`);
    });
    expect(proxy.dropAll()).toBeGreaterThan(0);
    await waitFor(() => reconnectMs !== null, "reconnect", 10_000);
    off();
    const retries = sunshift.log.slice(logMark).filter((e) => e.msg === "ha: disconnected, retrying").length;
    process.stderr.write(`real-HA: reconnected ${reconnectMs} ms after the WebSocket was cut; ${retries} retry; status ${transitions.join(" ")}\n`);
    expect(reconnectMs).toBeLessThanOrEqual(5000);
    expect(retries).toBe(1);
    // A change made after the reconnect arrives: the subscription was re-issued.
    await setLoad(INITIAL.houseLoadW + 2000);
    await msUntil(gridSeen((w) => w > 1000), "the new load through the new subscription", 5000);
    await setLoad(INITIAL.houseLoadW);
  }, 20_000);
});

describe("HA Core is restarted", () => {
  it("is in its safe state while HA is away, commands nothing, and is back within 5 s of HA running", async () => {
    const stoppedAtMs = systemClock.nowMs();
    const exit = await ha.stop();
    process.stderr.write(`real-HA: HA stopped by SIGTERM in ${exit?.stopMs} ms, exit code ${exit?.code}\n`);
    expect(exit).toMatchObject({ code: 0, signal: null });
    await waitFor(() => snapshot().connection.kind !== "connected", "the loss to be noticed", 5000);
    await waitFor(() => snapshot().safeState !== null, "the safe state", 5000);
    expect(snapshot().safeState).toMatch(/Home Assistant (disconnected|not connected)/);
    // A real HA restart takes tens of seconds: keep it away long enough for the client's
    // reconnect delay to reach its cap (1, 2, 4, then 5 s) before HA returns.
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const restart = await ha.start();
    const runningAtMs = systemClock.nowMs();
    await waitFor(() => snapshot().connection.kind === "connected", "reconnect after the restart", 30_000);
    const status = snapshot().connection;
    const backMs = status.kind === "connected" ? status.sinceMs - restart.httpUpAtMs : Number.NaN;
    process.stderr.write(`real-HA: HA restarted (RUNNING ${restart.runningAfterMs} ms after spawn); Sunshift connected ${backMs} ms after HA's HTTP server was up\n`);
    expect(backMs).toBeLessThanOrEqual(BACK_WITHIN_MS);
    // No battery or plug command was attempted while HA was away (the status light may be).
    const away = snapshot().activity.filter((a) => a.kind === "call" && a.atMs > stoppedAtMs && a.atMs < runningAtMs);
    const devices = [STANDIN.outputLimit, STANDIN.inputLimit, STANDIN.acMode, STANDIN.plugSwitch];
    expect(away.filter((a) => devices.some((id) => a.text.includes(id))).map((a) => a.text)).toEqual([]);
    await setLoad(INITIAL.houseLoadW + 1500);
    await msUntil(gridSeen((w) => w > 1000), "fresh readings after the restart", 10_000);
    await waitFor(() => snapshot().safeState === null, "the safe state to end", 15_000);
  }, 120_000);

  it("its MQTT entities are available in HA again after HA's restart", async () => {
    const mode = await ha.waitForState("select.sunshift_mode", (s) => !["unavailable", "unknown", "(no entity)"].includes(s), 15_000);
    expect(mode).toBe(sunshift.service.settings().mode);
    await ha.rest("POST", "/api/services/select/select_option", { entity_id: "select.sunshift_mode", option: "hold" });
    await waitFor(() => sunshift.service.settings().mode === "hold", "the mode command after the restart", 5000);
  }, 30_000);
});
