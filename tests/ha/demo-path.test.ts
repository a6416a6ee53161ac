/**
 * The demo wiring: startSimulatedHome at 60× then createHaClient(sim.url, sim.token). The
 * client's timestamps come from the sim clock; its network timers use wall time.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { EntityStates } from "../../addon/src/domain/index.js";
import { createHaClient, type ManagedHaClient } from "../../addon/src/ha/index.js";
import { SIM_ENTITY_IDS as E, startSimulatedHome, type SimulatedHome } from "../../addon/src/sim/index.js";
import { realScheduler, simSeries, waitFor } from "../sim/helpers.js";

let sim: SimulatedHome | null = null;
let client: ManagedHaClient | null = null;
afterEach(async () => {
  await client?.stop();
  await sim?.stop();
});

describe("demo path at 60×", () => {
  it("streams live meter values and follows a battery command in sim time", async () => {
    sim = await startSimulatedHome({ token: "demo", startAt: "2024-07-01T18:00:00Z", speed: 60, series: simSeries(), initialSocPct: 80 });
    const home = sim;
    client = createHaClient({ baseUrl: home.url, token: home.token, logger: { debug() {}, info() {}, warn() {}, error() {} }, clock: home.clock, scheduler: realScheduler });
    await client.start();
    expect(client.status()).toMatchObject({ kind: "connected" });
    const updates: EntityStates[] = [];
    client.subscribeEntities([E.gridPower, E.acOutputPower], (m) => updates.push(m));
    await waitFor(() => updates.length > 0, "initial");
    const r = await client.callService({ domain: "number", service: "set_value", serviceData: { value: 400 }, target: { entity_id: E.outputLimit } });
    expect(r.ok).toBe(true);
    // Sim time the server received the call (the await above may take sim seconds at 60×).
    const sentAt = home.snapshot().serviceCalls.at(-1)?.atMs ?? Number.NaN;
    await waitFor(() => updates.at(-1)?.get(E.acOutputPower)?.state === "400", "AC output reaches 400 W", 5000);
    const reachedAt = updates.at(-1)?.get(E.acOutputPower)?.lastChangedMs ?? 0;
    // 3 s response delay, then 250 W/s on 1 s ticks: 250 W at the first tick after the delay,
    // 400 W one tick later → between 4 s and 5 s after the call arrived.
    expect(reachedAt - sentAt).toBeGreaterThanOrEqual(4000);
    expect(reachedAt - sentAt).toBeLessThanOrEqual(5000);
    const gridTimes = new Set(updates.map((m) => m.get(E.gridPower)?.lastUpdatedMs));
    expect(gridTimes.size).toBeGreaterThan(3);
  });
});
