import { join } from "node:path";
import { mkdirSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock, EntityCommand, EntityStates, HaClient, Logger, Scheduler, SiteReadings, Unsubscribe } from "../domain/index.js";
import type { Config, MqttBroker } from "../config/index.js";
import { ingestSite, readSite, siteEntityIds } from "../devices/index.js";
import { openHistoryStore, type HistoryStore } from "../store/index.js";
import { createStateFeed, type SharedStateFeed } from "../control/state-feed.js";
import { startApiServer, type ApiServer } from "../api/server.js";
import { StatusBoard } from "./status-board.js";
import { applyCommand, loadSettings, saveSettings, type RuntimeSettings } from "./runtime-settings.js";
import { startMqtt, type MqttLink } from "./mqtt-link.js";
import { createPlanning } from "./planning.js";
import type { SlowLoop } from "./slow-loop.js";
import { createControl, type Control } from "./control-wiring.js";
import { startInsight, type InsightLink, type TariffRunner } from "./insight-link.js";
import { apiRoutes, cardResource, siteExport, type CardServing } from "./service-parts.js";
import { priceSamples } from "../insight/index.js";
import { distDir } from "../system/paths.js";
import type { SiteExport } from "../export/index.js";
import type { Plan, PlannerSlotInput, Solver } from "../domain/index.js";

/**
 * The running add-on, wired from its parts (the composition below the CLI): HA client →
 * readings → history store and fast loop → executor; status board → ingress API and MQTT.
 * Starts in dependency order and stops in reverse.
 */
export interface ServiceOptions {
  readonly config: Config;
  readonly ha: HaClient & { start(): Promise<void>; stop(): Promise<void> };
  /** Clock and scheduler of the home (the simulated clock in the demo). */
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly dataDir: string;
  readonly version: string;
  readonly api: { readonly host: string; readonly port: number; readonly extraRoutes?: ReadonlyMap<string, (req: IncomingMessage, res: ServerResponse) => void> };
  readonly mqtt: MqttBroker;
  /** IANA zone of the home (slot boundaries, plug windows, reason texts). */
  readonly timeZone: string;
  /** Site location for PV forecasts when the pv_forecast options give none. */
  readonly location?: { readonly latitudeDeg: number; readonly longitudeDeg: number };
  /** Every activity line (decisions, calls, safe states), e.g. for the demo's console. */
  readonly onActivity?: (text: string) => void;
  /** Where the built card is, and the live home of the demo page (null in the add-on). */
  readonly card?: CardServing;
  /** The daily tariff recommendation; default in-process (the add-on uses a child process). */
  readonly tariffs?: TariffRunner;
  /** The bundled planning worker (system/worker-replanner.ts); without it plans are solved in this thread. */
  readonly planWorker?: URL;
}

export interface RunningService {
  readonly board: StatusBoard;
  readonly planner: SlowLoop;
  readonly apiPort: number;
  readonly store: HistoryStore;
  /** Fast loop, plugs and status LED. */
  readonly control: Control;
  readonly insight: InsightLink;
  readonly export: SiteExport;
  settings(): RuntimeSettings;
  stop(): Promise<void>;
}

const FLUSH_MS = 10_000;
const MAINTAIN_MS = 60_000;

export async function startService(input: ServiceOptions): Promise<RunningService> {
  const board = new StatusBoard(input.version, input.clock.nowMs());
  // Every warning and error is counted for /metrics (sunshift_events_total{event="log_error"}).
  const opts: ServiceOptions = { ...input, logger: countingLogger(input.logger, board) };
  const { config, logger } = opts;
  mkdirSync(opts.dataDir, { recursive: true });
  const store = openHistoryStore({ path: join(opts.dataDir, "sunshift.db"), logger, rawRetentionMs: config.storage.rawRetentionDays * 86_400_000 });
  const disposers: Unsubscribe[] = [];
  let settings = loadSettings(config, store);
  const exporter = siteExport(config, opts.dataDir, opts.clock, opts.scheduler, logger);

  disposers.push(opts.ha.onStatus((status) => { board.setConnection(status); }), cardResource(config, opts.ha, opts.version, logger));
  let mqtt: MqttLink | null = null;
  const loops = createLoops(opts, { store, board, exporter, settings: () => settings, mqtt: () => mqtt, disposers });
  const { feed, site, slow, control: ctl } = loops;
  const insight = startInsight({ config, store, clock: opts.clock, scheduler: opts.scheduler, logger, timeZone: opts.timeZone, solver: loops.solver, onChange: () => mqtt?.refresh(), ...(opts.tariffs === undefined ? {} : { tariffs: opts.tariffs }) });

  const onCommand = (command: EntityCommand): void => {
    settings = applyCommand(settings, command);
    saveSettings(store, settings);
    logger.info("command from Home Assistant", { command: command.kind, mode: settings.mode, gridTargetW: settings.gridTargetW, reserveSocPct: settings.reserveSocPct, optimizerEnabled: settings.optimizerEnabled });
    if (command.kind !== "set_grid_target") void slow.replanNow(command.kind);
    void ctl.loop.tick();
  };
  mqtt = await startMqtt({ ...opts, store, board, settings: () => settings, site, onCommand, insight: () => insight.values(), plan: loops.running });
  const routes = apiRoutes(opts.card ?? { distDir: distDir(), demo: null }, opts.version, opts.api.extraRoutes);
  const api: ApiServer = await startApiServer({ host: opts.api.host, port: opts.api.port, logger, snapshot: () => board.snapshot(opts.clock.nowMs()), extraRoutes: routes });
  // Control first, so it sees the feed's first delivery.
  ctl.start();
  feed.start();
  await opts.ha.start();
  slow.start();
  disposers.push(insight.stop.bind(insight), slow.stop.bind(slow));
  return {
    board,
    planner: slow,
    apiPort: api.port,
    store,
    control: ctl,
    insight,
    export: exporter,
    settings: () => settings,
    async stop() {
      for (const dispose of disposers.splice(0).reverse()) dispose();
      await loops.closePlanning();
      await mqtt?.stop();
      await api.close();
      await opts.ha.stop();
      // Flush the export last: the final readings and decisions are in it (spooled if InfluxDB is away).
      await exporter.stop();
      store.close();
      logger.info("stopped");
    },
  };
}

function countingLogger(logger: Logger, board: StatusBoard): Logger {
  return {
    debug: (msg, fields) => {
      logger.debug(msg, fields);
    },
    info: (msg, fields) => {
      logger.info(msg, fields);
    },
    warn: (msg, fields) => {
      board.count("log_warning");
      logger.warn(msg, fields);
    },
    error: (msg, fields) => {
      board.count("log_error");
      logger.error(msg, fields);
    },
  };
}

interface LoopDeps {
  readonly store: HistoryStore;
  readonly board: StatusBoard;
  readonly exporter: SiteExport;
  readonly settings: () => RuntimeSettings;
  readonly mqtt: () => MqttLink | null;
  readonly disposers: Unsubscribe[];
}

/**
 * The shared subscription of the site's entities (ingest, fast loop, read-back, plugs and LED
 * all read it: HA sends each change once), the slow loop, and the control side. Not started.
 */
interface Loops {
  readonly feed: SharedStateFeed;
  readonly site: () => SiteReadings;
  readonly slow: SlowLoop;
  readonly control: Control;
  /** The running plan with its slot inputs (null before the first plan). */
  readonly running: () => { readonly plan: Plan; readonly inputs: readonly PlannerSlotInput[] } | null;
  /** The planning solver (HiGHS when it loaded), for the insight computations. */
  readonly solver: () => Promise<Solver | null>;
  /** Ends the planning worker (after the slow loop has stopped). */
  readonly closePlanning: () => Promise<void>;
}

function createLoops(opts: ServiceOptions, deps: LoopDeps): Loops {
  let site: SiteReadings = readSite(new Map(), opts.config);
  const feed = createStateFeed(opts.ha, siteEntityIds(opts.config), (err) => {
    opts.logger.error("state listener failed", { error: String(err) });
  });
  deps.disposers.push(feed.onChange((states) => {
    site = ingest(opts, states, deps);
  }));
  let control: Control | null = null;
  let running: { plan: Plan; inputs: readonly PlannerSlotInput[] } | null = null;
  const { slow, solver, close: closePlanning } = createPlanning(opts, {
    store: deps.store,
    board: deps.board,
    site: () => site,
    onPlan: (plan, inputs, run) => {
      running = { plan, inputs };
      // The prices in effect now become history (savings, tariff ranking long after the run is pruned).
      deps.store.append(priceSamples(inputs, opts.clock.nowMs(), opts.config.prices));
      control?.setPlanInputs(plan, inputs);
      deps.exporter.plan(plan, inputs);
      deps.mqtt()?.publishPlan(plan, inputs, run);
    },
  });
  control = createControl({ ...opts, states: feed, board: deps.board, settings: deps.settings, slow, onSent: (calls, atMs) => {
    deps.exporter.decisions(calls, atMs);
  } });
  deps.disposers.push(feed.stop.bind(feed), control.stop.bind(control), ...scheduleStore(opts, deps.store));
  return { feed, site: () => site, slow, control, running: () => running, solver, closePlanning };
}

/** New entity states → readings for the board, samples for the history store and the export. */
function ingest(opts: ServiceOptions, states: EntityStates, deps: LoopDeps): SiteReadings {
  const site = readSite(states, opts.config);
  deps.board.setSite(site);
  const samples = ingestSite(site, opts.clock.nowMs());
  deps.store.append(samples);
  deps.exporter.readings(samples);
  return site;
}

/** Flush at least every 10 s of home time (a kill loses less than a minute); roll up every minute. */
function scheduleStore(opts: ServiceOptions, store: HistoryStore): Unsubscribe[] {
  return [
    opts.scheduler.setInterval(() => store.flush(opts.clock.nowMs()), FLUSH_MS),
    opts.scheduler.setInterval(() => store.maintain(opts.clock.nowMs()), MAINTAIN_MS),
  ];
}
