import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pkg from "../../../package.json" with { type: "json" };
import { parseOptions, type Config, type MqttBroker } from "../config/index.js";
import type { Logger } from "../domain/index.js";
import { createHaClient } from "../ha/index.js";
import { startLocalBroker, type BrokerChoice, type LocalBroker } from "../sim/broker.js";
import { DEFAULT_SIM_PLUGS, SIM_TIME_ZONE, startSimulatedHome, type SimulatedHome } from "../sim/index.js";
import { startService, type RunningService } from "../app/service.js";
import { distDir } from "../system/paths.js";
import { bundledPlanWorker } from "../system/worker-replanner.js";
import { systemScheduler } from "../system/clock.js";
import { createLogger } from "../system/logger.js";
import { waitForShutdown } from "./shutdown.js";

/**
 * `sunshift demo`: the simulated home (HA WebSocket API on loopback, real household year,
 * accelerated clock) and Sunshift connected to it exactly as to a real HA. With a broker (the
 * default: Mosquitto when installed, else an embedded one) the simulated home also plays HA's
 * MQTT integration: it creates Sunshift's entities from discovery, and a service call on them
 * (over the sim's WebSocket API) reaches Sunshift like a command from HA. Prints what it reads
 * and does; status page on http://localhost:8099/, HA's view of the entities on /api/ha-entities.
 */
export const DEMO_TOKEN = "sunshift-demo-token";

export type DemoBroker = BrokerChoice | "none";

export interface DemoOptions {
  /** Sim seconds per wall second. */
  readonly speed: number;
  /** Status page port on 127.0.0.1 (0 picks a free one). */
  readonly apiPort: number;
  /** Sim start, ISO 8601. */
  readonly start: string;
  readonly broker: DemoBroker;
  /** Where log lines go (stdout for the CLI). */
  readonly write: (line: string) => void;
  /** The sim's CSV directory; default resolved from the sim module (source tree). */
  readonly simDataDir?: URL;
}

export interface RunningDemo {
  readonly sim: SimulatedHome;
  readonly service: RunningService;
  readonly broker: LocalBroker | null;
  readonly logger: Logger;
  stop(): Promise<void>;
}

interface DemoArgs {
  readonly speed: number;
  readonly port: number;
  readonly start: string;
  readonly broker: DemoBroker;
  readonly durationMs: number | undefined;
}

const BROKERS: readonly DemoBroker[] = ["auto", "mosquitto", "aedes", "none"];
const isDemoBroker = (v: string): v is DemoBroker => (BROKERS as readonly string[]).includes(v);

function parseDemoArgs(argv: readonly string[]): DemoArgs | string {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      speed: { type: "string", default: "20" },
      port: { type: "string", default: "8099" },
      start: { type: "string", default: "2024-06-15T04:00:00Z" },
      duration: { type: "string" },
      broker: { type: "string", default: "auto" },
    },
  });
  const speed = Number(values.speed);
  const port = Number(values.port);
  const durationS = values.duration === undefined ? undefined : Number(values.duration);
  if (!(speed > 0 && speed <= 600)) return "--speed must be a number in (0, 600]";
  if (!Number.isInteger(port) || port < 0 || port > 65535) return "--port must be a TCP port (0-65535)";
  if (durationS !== undefined && !(durationS > 0)) return "--duration must be a number of seconds > 0";
  if (!isDemoBroker(values.broker)) return `--broker must be one of ${BROKERS.join(", ")}`;
  return { speed, port, start: values.start, broker: values.broker, durationMs: durationS === undefined ? undefined : durationS * 1000 };
}

export async function runDemo(argv: readonly string[]): Promise<number> {
  const args = parseDemoArgs(argv);
  if (typeof args === "string") {
    process.stderr.write(`sunshift demo: ${args}\n`);
    return 2;
  }
  let demo: RunningDemo;
  try {
    // dist/sunshift.mjs → <repo>/addon/data/ (the demo runs from the repository).
    demo = await startDemo({ ...args, apiPort: args.port, write: (l) => process.stdout.write(l), simDataDir: new URL("../addon/data/", import.meta.url) });
  } catch (err) {
    process.stderr.write(`sunshift demo: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  await waitForShutdown(demo.logger, args.durationMs);
  await demo.stop();
  return 0;
}

function demoConfig(): Config {
  const parsed = parseOptions(demoOptions());
  // The demo's own options: a failure here is a bug in this file, not a user error.
  if (!parsed.ok) throw new Error(`demo options invalid: ${parsed.problems.join("; ")}`);
  return parsed.config;
}

/** Starts broker (unless "none"), simulated home, and Sunshift; `stop()` undoes it in reverse. */
export async function startDemo(o: DemoOptions): Promise<RunningDemo> {
  const config = demoConfig();
  const bootLog = createLogger({ level: "info", clock: { nowMs: () => Date.parse(o.start) }, write: o.write, timeZone: SIM_TIME_ZONE });
  const broker = await demoBroker(o.broker, bootLog);
  const mqtt = broker === null ? undefined : { url: broker.url, discoveryPrefix: config.mqtt.discoveryPrefix };
  const simOpts = { token: DEMO_TOKEN, startAt: o.start, speed: o.speed, plugs: DEFAULT_SIM_PLUGS, ...(o.simDataDir === undefined ? {} : { dataDir: o.simDataDir }) };
  const sim = await startSimulatedHome({ ...simOpts, ...(mqtt === undefined ? {} : { mqtt }) });
  const logger = createLogger({ level: "info", clock: sim.clock, write: o.write, timeZone: SIM_TIME_ZONE });
  const dataDir = mkdtempSync(join(tmpdir(), "sunshift-demo-"));
  const cleanUp = async (): Promise<void> => {
    await sim.stop();
    await broker?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  logger.info(`Sunshift ${pkg.version} demo: simulated home at ${sim.url}, ${o.speed}× speed, home time ${SIM_TIME_ZONE}`);
  let service: RunningService;
  try {
    service = await startDemoService(o, { config, sim, logger, dataDir, broker });
  } catch (err) {
    await cleanUp();
    throw err;
  }
  logger.info(`status page: http://localhost:${service.apiPort}/  (Ctrl-C to stop)`);
  if (broker !== null) logger.info(`Home Assistant's view of Sunshift's MQTT entities: http://localhost:${service.apiPort}/api/ha-entities`);
  const stopReadings = printReadings(sim, service, logger.info.bind(logger));
  const stopWatch = watchHaEntities(sim, logger.info.bind(logger));
  return {
    sim,
    service,
    broker,
    logger,
    stop: async () => {
      stopWatch();
      stopReadings();
      await service.stop();
      await cleanUp();
    },
  };
}

/** The demo's broker: Mosquitto when installed (auto), the embedded one otherwise or when Mosquitto fails. */
async function demoBroker(choice: DemoBroker, logger: Logger): Promise<LocalBroker | null> {
  if (choice === "none") return null;
  try {
    return await startLocalBroker({ choice, logger });
  } catch (err) {
    if (choice !== "auto") throw err;
    logger.warn("mosquitto did not start; using the embedded broker", { error: err instanceof Error ? err.message : String(err) });
    return startLocalBroker({ choice: "aedes", logger });
  }
}

interface DemoParts {
  readonly config: Config;
  readonly sim: SimulatedHome;
  readonly logger: Logger;
  readonly dataDir: string;
  readonly broker: LocalBroker | null;
}

function brokerConfig(broker: LocalBroker | null): MqttBroker {
  if (broker === null) return { kind: "none", reason: "the demo runs without a broker (--broker none)" };
  return { kind: "broker", source: "options", url: broker.url, host: "127.0.0.1", port: broker.port, tls: false, username: null, password: null };
}

async function startDemoService(o: DemoOptions, p: DemoParts): Promise<RunningService> {
  // The client's heartbeat and timeouts are about the network: they run on the wall clock.
  const ha = createHaClient({ baseUrl: p.sim.url, token: p.sim.token, logger: p.logger, clock: p.sim.clock, scheduler: systemScheduler });
  return startService({
    config: p.config,
    ha,
    clock: p.sim.clock,
    scheduler: p.sim.clock,
    logger: p.logger,
    dataDir: p.dataDir,
    version: pkg.version,
    api: { host: "127.0.0.1", port: o.apiPort, extraRoutes: new Map([["/api/ha-entities", haEntitiesRoute(p.sim, p.broker)]]) },
    mqtt: brokerConfig(p.broker),
    // The card demo page renders the real card against the simulated home, live.
    card: { distDir: distDir(), demo: { haUrl: p.sim.url, token: p.sim.token } },
    timeZone: SIM_TIME_ZONE,
    // The recorded household (EMHASS data: HA config lat 48.83, lon 6.86).
    location: { latitudeDeg: 48.83, longitudeDeg: 6.86 },
    onActivity: (text) => {
      p.logger.info(text);
    },
    ...planWorkerOption(),
  });
}

/** Plans in the bundled worker thread, as the add-on does (in this thread when it was not built). */
function planWorkerOption(): { planWorker?: URL } {
  const planWorker = bundledPlanWorker();
  return planWorker === null ? {} : { planWorker };
}

/** `/api/ha-entities`: the MQTT entities as the simulated HA holds them (state and attributes). */
function haEntitiesRoute(sim: SimulatedHome, broker: LocalBroker | null): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    const body = {
      broker: broker === null ? null : { kind: broker.kind, url: broker.url },
      mqtt: sim.mqtt?.status() ?? null,
      entities: sim.mqtt?.entities() ?? [],
    };
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };
}

/** Options as a user would write them for the simulated home: the defaults plus its plugs. */
function demoOptions(): Record<string, unknown> {
  return {
    log_level: "info",
    // The simulated home's spot price sensor (shaped like the HACS Nord Pool sensor), with
    // typical German grid fees and taxes on top; no PV forecast service offline.
    prices: { source: "nordpool_hacs", price_entity: "sensor.sim_spot_price", grid_fee_eur_per_kwh: 0.12, taxes_eur_per_kwh: 0.05, vat_pct: 19 },
    pv_forecast: { source: "none" },
    plugs: DEFAULT_SIM_PLUGS.map((p) => ({
      id: p.id,
      name: p.friendlyName ?? p.id,
      switch_entity: p.switchEntityId,
      power_entity: p.powerEntityId,
      power_w: p.powerW,
      run_minutes: 120,
      earliest: "09:00",
      latest: "20:00",
    })),
  };
}

/** One line of what Sunshift reads every minute of home time. */
function printReadings(sim: SimulatedHome, service: RunningService, print: (line: string) => void): () => void {
  return sim.clock.setInterval(() => {
    const r = service.board.snapshot(sim.clock.nowMs()).readings;
    const v = (key: string, unit: string): string => {
      const x = r[key];
      return x === undefined || x.value === null ? `— (${x?.missing ?? "no data"})` : `${typeof x.value === "number" ? Math.round(x.value) : String(x.value)} ${unit}`;
    };
    print(`reading: grid ${v("grid_w", "W")} · SOC ${v("soc_pct", "%")} · PV ${v("pv_w", "W")} · hub out ${v("ac_output_w", "W")} · hub in ${v("ac_input_w", "W")}`);
  }, 60_000);
}

/** The settings entities whose changes the demo prints as HA sees them (commands round-tripping). */
const WATCHED = new Set(["select", "number", "switch", "button"]);

/** Every 5 s of home time: how many MQTT entities HA has, and every change of a settings entity. */
function watchHaEntities(sim: SimulatedHome, print: (line: string) => void): () => void {
  const seen = new Map<string, string>();
  let count = 0;
  return sim.clock.setInterval(() => {
    const entities = sim.mqtt?.entities() ?? [];
    if (entities.length !== count) {
      count = entities.length;
      print(`Home Assistant (simulated) has ${count} Sunshift entities from MQTT discovery`);
    }
    for (const e of entities) {
      if (!WATCHED.has(e.platform) || seen.get(e.entityId) === e.state) continue;
      seen.set(e.entityId, e.state);
      print(`Home Assistant sees ${e.entityId} = ${e.state}`);
    }
  }, 5_000);
}
