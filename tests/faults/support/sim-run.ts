/**
 * The simulated home plus the full service on a manual clock, for the fault tests: home time
 * moves only through `advance`, in small steps with real pauses so the WebSocket traffic of
 * each step gets through. Household data: addon/data/emhass-long-train-data.csv (EMHASS, MIT),
 * prices addon/data/awattar-at-dayahead-hourly-2024-2025.csv.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger, type Clock, type Logger } from "../../../addon/src/domain/index.js";
import { createHaClient, type ManagedHaClient } from "../../../addon/src/ha/index.js";
import type { SimulatedHome } from "../../../addon/src/sim/index.js";
import { startSimulatedRun, type SimulatedRun } from "../../../addon/src/soak/simulated-run.js";
import type { Config, MqttBroker } from "../../../addon/src/config/index.js";
import { realScheduler } from "../../sim/helpers.js";

export const METER = "sensor.shellypro3em_total_active_power";
export const OUTPUT_LIMIT = "number.solarflow_800_pro_output_limit";

/**
 * An HA client for `home` (or for `baseUrl`, e.g. a proxy in front of it) whose timers —
 * backoff, heartbeat, call timeouts — run on home time, so a test measures them on the same
 * clock as the faults it injects.
 */
export function homeTimeClient(home: SimulatedHome, baseUrl = home.url): ManagedHaClient {
  return createHaClient({ baseUrl, token: home.token, logger: silentLogger, clock: home.clock, scheduler: home.clock });
}

export interface ManualRun extends SimulatedRun {
  readonly dataDir: string;
  /** Moves home time by `ms` in `chunkMs` steps, pausing `realMs` of wall time after each. */
  advance(ms: number, chunkMs?: number, realMs?: number): Promise<void>;
  /** Advances in 100 ms steps until `cond` holds; returns the home time it took (or throws after `maxMs`). */
  advanceUntil(cond: () => boolean, maxMs: number, what: string): Promise<number>;
  dispose(): Promise<void>;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startManualRun(o: {
  readonly startAt: string;
  readonly config?: Config;
  readonly haClient?: (home: SimulatedHome) => ManagedHaClient;
  readonly serviceClock?: (home: SimulatedHome) => Clock;
  readonly mqtt?: MqttBroker;
  readonly token?: string;
  readonly logger?: Logger;
  readonly dataDir?: string;
}): Promise<ManualRun> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), "sunshift-faults-"));
  const run = await startSimulatedRun({
    startAt: o.startAt,
    speed: "manual",
    dataDir,
    logger: o.logger ?? silentLogger,
    wallScheduler: realScheduler,
    version: "test",
    ...(o.config === undefined ? {} : { config: o.config }),
    ...(o.haClient === undefined ? {} : { haClient: o.haClient }),
    ...(o.serviceClock === undefined ? {} : { serviceClock: o.serviceClock }),
    ...(o.mqtt === undefined ? {} : { mqtt: o.mqtt }),
    ...(o.token === undefined ? {} : { token: o.token }),
  });
  const advance = async (ms: number, chunkMs = 500, realMs = 2): Promise<void> => {
    for (let t = 0; t < ms; t += chunkMs) {
      run.sim.advance(Math.min(chunkMs, ms - t));
      await pause(realMs);
    }
  };
  return {
    ...run,
    dataDir,
    advance,
    async advanceUntil(cond, maxMs, what) {
      const from = run.sim.clock.nowMs();
      while (!cond()) {
        if (run.sim.clock.nowMs() - from > maxMs) throw new Error(`not within ${maxMs} ms of home time: ${what}`);
        await advance(100, 100, 3);
      }
      return run.sim.clock.nowMs() - from;
    },
    async dispose() {
      await run.stop();
      if (o.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
