import { silentLogger, type Logger } from "../domain/index.js";
import { SimClock } from "./clock.js";
import { DEFAULT_SOLARFLOW, SolarFlow, type SolarFlowParams } from "./devices/solarflow.js";
import { DEFAULT_SIM_PLUGS, type SimPlugSpec } from "./entity-ids.js";
import { HomeModel, type SimSnapshot } from "./home-model.js";
import { EntityRegistry } from "./registry.js";
import { createSimMqtt, type SimMqtt, type SimMqttOptions, type SimMqttSide } from "./mqtt-side.js";
import { loadSeriesFiles, type LoadPvSeries, type PriceSeries } from "./series.js";
import { SimServer } from "./server.js";
import { callSimService, serviceTable } from "./services.js";
import type { ServiceOutcome, ServiceRequest } from "./service-types.js";

export interface SimulatedHomeOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** The long-lived token clients must present. */
  readonly token: string;
  /** Sim start instant, ISO 8601 (e.g. "2024-06-01T06:00:00Z"). */
  readonly startAt: string;
  /** Sim seconds per wall second (1, 10, 60, …) or "manual" (time moves only by `advance`). */
  readonly speed: number | "manual";
  readonly packs?: 1 | 2;
  /** Scale of the recorded ~5 kWp PV; default 0.4 (a ~2 kWp balcony system). */
  readonly pvScale?: number;
  readonly plugs?: readonly SimPlugSpec[];
  readonly initialSocPct?: number;
  /** Seed of the deterministic noise. */
  readonly seed?: number;
  /** Physics step and meter cadence, sim ms (default 1000). */
  readonly tickMs?: number;
  readonly solarflow?: Partial<SolarFlowParams>;
  /** Directory with the CSVs of addon/data (default: resolved from this module). */
  readonly dataDir?: URL;
  /** Already parsed series (tests load them once for many homes). */
  readonly series?: { readonly loadPv: LoadPvSeries; readonly prices: PriceSeries };
  readonly haVersion?: string;
  readonly timeZone?: string;
  readonly logger?: Logger;
  /** Play HA's MQTT integration against this broker (discovery → entities, commands → publishes). */
  readonly mqtt?: SimMqttOptions;
}

export interface SimulatedHome {
  /** Base URL for `createHaClient` (`http://127.0.0.1:<port>`). */
  readonly url: string;
  readonly token: string;
  /** Sim time (Clock + Scheduler); pass it to whatever should run on sim time. */
  readonly clock: SimClock;
  /** Manual mode: moves sim time forward, stepping the physics every tick. */
  advance(ms: number): void;
  snapshot(): SimSnapshot;
  dropConnections(): void;
  setUnavailable(entityId: string, unavailable: boolean): void;
  freezeEntity(entityId: string, frozen?: boolean): void;
  /** The server stops answering (half-open connection) until resumed. */
  pauseResponses(paused: boolean): void;
  connectionCount(): number;
  /** The MQTT side, when started with `mqtt`. */
  readonly mqtt: SimMqtt | null;
  stop(): Promise<void>;
}

export const SIM_USER_ID = "5a1d9c0f3e2b4c6d8e7f9a0b1c2d3e4f";
export const SIM_TIME_ZONE = "Europe/Paris";

function coreConfig(haVersion: string, timeZone: string): Record<string, unknown> {
  return {
    latitude: 48.8566,
    longitude: 2.3522,
    elevation: 35,
    unit_system: {
      length: "km",
      accumulated_precipitation: "mm",
      area: "m²",
      mass: "g",
      pressure: "Pa",
      temperature: "°C",
      volume: "L",
      wind_speed: "m/s",
    },
    location_name: "Sunshift simulated home",
    time_zone: timeZone,
    components: ["light", "number", "select", "sensor", "switch", "nordpool", "zendure_ha", "shelly"],
    config_dir: "/config",
    allowlist_external_dirs: [],
    allowlist_external_urls: [],
    version: haVersion,
    config_source: "storage",
    recovery_mode: false,
    state: "RUNNING",
    external_url: null,
    internal_url: null,
    currency: "EUR",
    country: "FR",
    language: "en",
    safe_mode: false,
    radius: 100,
  };
}

function buildModel(opts: SimulatedHomeOptions, clock: SimClock, registry: EntityRegistry, timeZone: string): { home: HomeModel; prices: PriceSeries } {
  const series = opts.series ?? loadSeriesFiles(opts.dataDir ?? new URL("../../data/", import.meta.url));
  const solarflow = new SolarFlow({ ...DEFAULT_SOLARFLOW, packs: opts.packs ?? 1, ...opts.solarflow }, opts.initialSocPct ?? 50);
  const home = new HomeModel({
    clock,
    registry,
    ...series,
    solarflow,
    plugs: opts.plugs ?? DEFAULT_SIM_PLUGS,
    pvScale: opts.pvScale ?? 0.4,
    seed: opts.seed ?? 42,
    timeZone,
  });
  return { home, prices: series.prices };
}

/** Runs a call and records it (with sim time and outcome) for `snapshot().serviceCalls`. */
function recordingCaller(home: HomeModel, table: ReturnType<typeof serviceTable>, clock: SimClock, mqtt: SimMqttSide | null): (req: ServiceRequest) => ServiceOutcome {
  return (req) => {
    const outcome = mqtt?.tryCall(req) ?? callSimService(table, req);
    const rec = { atMs: clock.nowMs(), domain: req.domain, service: req.service, serviceData: req.serviceData, entityIds: req.entityIds, ok: outcome.ok };
    home.calls.push(outcome.ok ? rec : { ...rec, code: outcome.code });
    return outcome;
  };
}

/**
 * Starts the simulated home: the physics on a `SimClock` and the HA WebSocket API on
 * 127.0.0.1. In speed mode the clock runs at once; in manual mode only `advance` moves it.
 */
export async function startSimulatedHome(opts: SimulatedHomeOptions): Promise<SimulatedHome> {
  const startMs = Date.parse(opts.startAt);
  if (Number.isNaN(startMs)) throw new RangeError(`startSimulatedHome: startAt "${opts.startAt}" is not ISO 8601`);
  const logger = opts.logger ?? silentLogger;
  const haVersion = opts.haVersion ?? "2025.10.4";
  const timeZone = opts.timeZone ?? SIM_TIME_ZONE;
  const tickMs = opts.tickMs ?? 1000;
  const clock = new SimClock(startMs, opts.speed, (err) => {
    logger.error("sim: a timer on the sim clock threw", { error: err instanceof Error ? err.message : String(err) });
  });
  const registry = new EntityRegistry(clock);
  const { home, prices } = buildModel(opts, clock, registry, timeZone);
  home.tick(0);
  const table = serviceTable({ home, prices, timeZone, nowMs: () => clock.nowMs() });
  const mqtt = opts.mqtt === undefined ? null : createSimMqtt(opts.mqtt, registry, clock, logger);
  const server = await SimServer.listen({
    port: opts.port ?? 0,
    token: opts.token,
    haVersion,
    logger,
    deps: { registry, clock, userId: SIM_USER_ID, coreConfig: () => coreConfig(haVersion, timeZone), callService: recordingCaller(home, table, clock, mqtt) },
  });
  clock.setInterval(() => {
    home.tick(tickMs);
  }, tickMs);
  clock.start();
  await mqtt?.start();
  logger.info("simulated home listening", { url: `http://127.0.0.1:${server.port}`, startAt: opts.startAt, speed: opts.speed });
  return handle(server, home, registry, clock, opts.token, mqtt);
}

function handle(server: SimServer, home: HomeModel, registry: EntityRegistry, clock: SimClock, token: string, mqtt: SimMqttSide | null): SimulatedHome {
  return {
    url: `http://127.0.0.1:${server.port}`,
    token,
    clock,
    advance: (ms) => {
      clock.advance(ms);
    },
    snapshot: () => home.snapshot(),
    dropConnections: () => {
      server.dropConnections();
    },
    setUnavailable: (id, u) => {
      registry.setUnavailable(id, u);
    },
    freezeEntity: (id, frozen = true) => {
      registry.freeze(id, frozen);
    },
    pauseResponses: (p) => {
      server.setPaused(p);
    },
    connectionCount: () => server.connectionCount(),
    mqtt,
    stop: async () => {
      await mqtt?.stop();
      clock.stop();
      await server.close();
    },
  };
}
