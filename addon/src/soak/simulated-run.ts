import { parseOptions, type Config, type MqttBroker } from "../config/index.js";
import type { Clock, Logger, Scheduler } from "../domain/index.js";
import { createHaClient, type ManagedHaClient } from "../ha/index.js";
import { DEFAULT_SIM_PLUGS, SIM_TIME_ZONE, startSimulatedHome, type SimPlugSpec, type SimulatedHome } from "../sim/index.js";
import { startService, type RunningService } from "../app/service.js";

/**
 * The simulated home and the full Sunshift service in one process, connected over the real HA
 * WebSocket API on loopback (what the soak and the crash tests run). The home runs on its
 * accelerated clock; the HA client's network timeouts run on the wall clock it is given.
 */
export interface SimulatedRunOptions {
  /** Home time at the start, ISO 8601. */
  readonly startAt: string;
  /** Home seconds per wall second, or "manual" (home time moves only by `sim.advance`). */
  readonly speed: number | "manual";
  /** The service's data directory (SQLite); reused across restarts. */
  readonly dataDir: string;
  /** addon/data (the recorded series), a directory URL ending in `/`; default: resolved by the sim. */
  readonly seriesDir?: URL;
  /** Physics step and meter cadence of the home, home ms (default 1000). */
  readonly tickMs?: number;
  readonly logger: Logger;
  /** Wall-clock timers (the HA client's heartbeat and timeouts are about the network). */
  readonly wallScheduler: Scheduler;
  readonly version: string;
  /** Status API port on 127.0.0.1 (default 0: a free one). */
  readonly apiPort?: number;
  /** Options other than `simulatedHomeConfig()` (fault tests). */
  readonly config?: Config;
  /**
   * The HA client the service gets (fault tests put a proxy or a recorder in between); default
   * a client connected straight to the home.
   */
  readonly haClient?: (home: SimulatedHome) => ManagedHaClient;
  /** The MQTT broker for Sunshift's entities (default: none). */
  readonly mqtt?: MqttBroker;
  /** The home's long-lived access token (default a fixed test token). */
  readonly token?: string;
  /** The clock the service reads (fault tests make it jump); default the home's clock. */
  readonly serviceClock?: (home: SimulatedHome) => Clock;
  /** The planning worker (the soak uses the bundled one, as the add-on does); default: plan in this thread. */
  readonly planWorker?: URL;
}

export interface SimulatedRun {
  readonly sim: SimulatedHome;
  readonly service: RunningService;
  readonly config: Config;
  /** Stops the service (flushes, closes the store), then the home. */
  stop(): Promise<void>;
}

const TOKEN = "sunshift-soak-token";

function plugOption(p: SimPlugSpec): Record<string, unknown> {
  const entities = { switch_entity: p.switchEntityId, power_entity: p.powerEntityId };
  return { id: p.id, name: p.friendlyName ?? p.id, ...entities, power_w: p.powerW, run_minutes: 90, earliest: "10:00", latest: "19:00" };
}

/**
 * Options of the simulated home as a user would write them: its Nord Pool-like price sensor
 * with fees and VAT, no PV forecast service (offline), and its two plugs scheduled daily.
 */
export function simulatedHomeOptions(): Record<string, unknown> {
  const prices = { source: "nordpool_hacs", price_entity: "sensor.sim_spot_price", grid_fee_eur_per_kwh: 0.1, taxes_eur_per_kwh: 0.04, vat_pct: 20 };
  return { log_level: "warning", prices, pv_forecast: { source: "none", fallback: "none" }, plugs: DEFAULT_SIM_PLUGS.map(plugOption) };
}

/** `simulatedHomeOptions()` parsed. */
export function simulatedHomeConfig(): Config {
  const parsed = parseOptions(simulatedHomeOptions());
  if (!parsed.ok) throw new Error(`simulated home options: ${parsed.problems.join("; ")}`);
  return parsed.config;
}

export async function startSimulatedRun(o: SimulatedRunOptions): Promise<SimulatedRun> {
  const sim = await startSimulatedHome({
    token: o.token ?? TOKEN,
    startAt: o.startAt,
    speed: o.speed,
    plugs: DEFAULT_SIM_PLUGS,
    ...(o.seriesDir === undefined ? {} : { dataDir: o.seriesDir }),
    ...(o.tickMs === undefined ? {} : { tickMs: o.tickMs }),
  });
  const config = o.config ?? simulatedHomeConfig();
  const ha = o.haClient?.(sim) ?? createHaClient({ baseUrl: sim.url, token: sim.token, logger: o.logger, clock: sim.clock, scheduler: o.wallScheduler });
  let service: RunningService;
  try {
    service = await startService({
      config,
      ha,
      clock: o.serviceClock?.(sim) ?? sim.clock,
      scheduler: sim.clock,
      logger: o.logger,
      dataDir: o.dataDir,
      version: o.version,
      api: { host: "127.0.0.1", port: o.apiPort ?? 0 },
      mqtt: o.mqtt ?? { kind: "none", reason: "the simulated run has no broker" },
      timeZone: SIM_TIME_ZONE,
      location: { latitudeDeg: 48.83, longitudeDeg: 6.86 },
      ...(o.planWorker === undefined ? {} : { planWorker: o.planWorker }),
    });
  } catch (err) {
    await sim.stop();
    throw err;
  }
  return {
    sim,
    service,
    config,
    async stop() {
      await service.stop();
      await sim.stop();
    },
  };
}
