// The whole pipeline on the simulated home over a real WebSocket: HA client → readings →
// fast loop → executor → HA service calls → simulated SolarFlow → meter, plus the SQLite store,
// the status API and the safe state. Household data: addon/data/emhass-long-train-data.csv
// (EMHASS, MIT), prices addon/data/awattar-at-dayahead-hourly-2024-2025.csv.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOptions, type Config } from "../../addon/src/config/index.js";
import { createHaClient } from "../../addon/src/ha/index.js";
import { DEFAULT_SIM_PLUGS, startSimulatedHome, type SimulatedHome } from "../../addon/src/sim/index.js";
import { startService, type RunningService } from "../../addon/src/app/service.js";
import { silentLogger } from "../../addon/src/domain/index.js";
import { systemScheduler } from "../../addon/src/system/clock.js";

const METER = "sensor.shellypro3em_total_active_power";
const OUTPUT_LIMIT = "number.solarflow_800_pro_output_limit";

function config(): Config {
  const parsed = parseOptions({ plugs: [], control: { grid_target_w: 0 } });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

const realPause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("zero feed-in against the simulated home", () => {
  let sim: SimulatedHome;
  let service: RunningService;
  let dir: string;

  /** Moves home time in 1 s steps, giving the WebSocket round trips real time to happen. */
  async function run(simMs: number): Promise<void> {
    for (let t = 0; t < simMs; t += 1000) {
      sim.advance(1000);
      await realPause(4);
    }
  }

  beforeAll(async () => {
    // An evening with load and no PV: 2024-06-15 19:30 Europe/Paris.
    sim = await startSimulatedHome({ token: "t", startAt: "2024-06-15T17:30:00Z", speed: "manual", plugs: DEFAULT_SIM_PLUGS, initialSocPct: 80 });
    dir = mkdtempSync(join(tmpdir(), "sunshift-e2e-"));
    const ha = createHaClient({ baseUrl: sim.url, token: sim.token, logger: silentLogger, clock: sim.clock, scheduler: systemScheduler });
    service = await startService({
      config: config(), ha, clock: sim.clock, scheduler: sim.clock, logger: silentLogger, dataDir: dir, version: "test",
      api: { host: "127.0.0.1", port: 0 }, mqtt: { kind: "none", reason: "test" }, timeZone: "Europe/Paris",
    });
    for (let i = 0; i < 100 && service.board.snapshot(sim.clock.nowMs()).connection.kind !== "connected"; i++) await realPause(20);
  });

  afterAll(async () => {
    await service.stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("brings grid import from the household load to near zero", async () => {
    const before = sim.snapshot();
    expect(before.loadW).toBeGreaterThan(150);
    expect(before.gridW).toBeGreaterThan(150);
    await run(120_000);
    const after = sim.snapshot();
    expect(after.battery.acOutputW).toBeGreaterThan(100);
    expect(Math.abs(after.gridW)).toBeLessThan(0.25 * after.loadW);
    const writes = after.serviceCalls.filter((c) => c.entityIds.includes(OUTPUT_LIMIT));
    expect(writes.length).toBeGreaterThan(0);
    // Rate limit: at most one write per 5 s of home time.
    expect(writes.length).toBeLessThanOrEqual(120 / 5 + 1);
    expect(writes.every((c) => c.ok)).toBe(true);
  });

  it("keeps readings in the SQLite store and rolls them up", async () => {
    await run(70_000);
    const now = sim.clock.nowMs();
    service.store.flush(now);
    service.store.maintain(now + 60_000);
    expect(service.store.samples("grid_w", now - 300_000, now + 1).length).toBeGreaterThan(20);
    expect(service.store.aggregates("load_w", "1m", now - 300_000, now).length).toBeGreaterThan(0);
  });

  it("serves the state over the status API", async () => {
    const res = await fetch(`http://127.0.0.1:${service.apiPort}/api/state`);
    const state = (await res.json()) as { connection: { kind: string }; readings: Record<string, { value: unknown }>; activity: unknown[] };
    expect(state.connection.kind).toBe("connected");
    expect(typeof state.readings.grid_w?.value).toBe("number");
    expect(state.activity.length).toBeGreaterThan(0);
    const metrics = await (await fetch(`http://127.0.0.1:${service.apiPort}/metrics`)).text();
    expect(metrics).toMatch(/^sunshift_ha_connected 1$/m);
  });

  it("goes to a safe state when the meter goes stale, and resumes when it is back", async () => {
    sim.freezeEntity(METER, true);
    await run(45_000);
    expect(service.board.snapshot(sim.clock.nowMs()).safeState).toMatch(/meter: last update \d+ s ago/);
    const idle = sim.snapshot();
    expect(idle.settings.outputLimitW).toBe(0);
    sim.freezeEntity(METER, false);
    await run(30_000);
    expect(service.board.snapshot(sim.clock.nowMs()).safeState).toBeNull();
    expect(sim.snapshot().battery.acOutputW).toBeGreaterThan(50);
  });

  it("goes to a safe state when the meter is unavailable", async () => {
    sim.setUnavailable(METER, true);
    await run(5_000);
    expect(service.board.snapshot(sim.clock.nowMs()).safeState).toBe("meter: entity is unavailable");
    sim.setUnavailable(METER, false);
    await run(10_000);
    expect(service.board.snapshot(sim.clock.nowMs()).safeState).toBeNull();
  });
});
