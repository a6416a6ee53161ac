import { join } from "node:path";
import { mkdirSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock, EntityCommand, EntityStates, HaClient, Logger, Scheduler, SiteReadings, Unsubscribe } from "../domain/index.js";
import type { Config, MqttBroker } from "../config/index.js";
import { createCommandMapper, ingestSite, readSite, siteEntityIds } from "../devices/index.js";
import { openHistoryStore, type HistoryStore } from "../store/index.js";
import { createExecutor } from "../control/executor.js";
import { createFastLoop, type FastLoop, type LoopEvent } from "../control/fast-loop.js";
import { startApiServer, type ApiServer } from "../api/server.js";
import { StatusBoard } from "./status-board.js";
import { applyCommand, loadSettings, modeBounds, saveSettings, type RuntimeSettings } from "./runtime-settings.js";
import { startMqtt, type MqttLink } from "./mqtt-link.js";
import { createPlanning } from "./planning.js";
import type { SlowLoop } from "./slow-loop.js";

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
}

export interface RunningService {
  readonly board: StatusBoard;
  readonly planner: SlowLoop;
  readonly apiPort: number;
  readonly store: HistoryStore;
  settings(): RuntimeSettings;
  stop(): Promise<void>;
}

const FLUSH_MS = 10_000;
const MAINTAIN_MS = 60_000;
const FAST_TICK_MS = 2_000;

export async function startService(opts: ServiceOptions): Promise<RunningService> {
  const { config, logger } = opts;
  mkdirSync(opts.dataDir, { recursive: true });
  const store = openHistoryStore({ path: join(opts.dataDir, "sunshift.db"), logger, rawRetentionMs: config.storage.rawRetentionDays * 86_400_000 });
  const board = new StatusBoard(opts.version, opts.clock.nowMs());
  const disposers: Unsubscribe[] = [];
  let settings = loadSettings(config, store);
  let site: SiteReadings = readSite(new Map(), config);

  disposers.push(opts.ha.onStatus((status) => {
    board.setConnection(status);
  }));
  disposers.push(opts.ha.subscribeEntities(siteEntityIds(config), (states) => {
    site = ingest(opts, states, board, store);
  }));
  let mqtt: MqttLink | null = null;
  const slow = createPlanning(opts, { store, board, site: () => site, onPlan: (plan, inputs) => mqtt?.publishPlan(plan, inputs) });
  const loop = createLoop(opts, board, () => settings, slow);
  loop.start();
  disposers.push(loop.stop.bind(loop), ...scheduleStore(opts, store));

  const onCommand = (command: EntityCommand): void => {
    settings = applyCommand(settings, command);
    saveSettings(store, settings);
    logger.info("command from Home Assistant", { command: command.kind, mode: settings.mode, gridTargetW: settings.gridTargetW, reserveSocPct: settings.reserveSocPct });
    if (command.kind === "replan" || command.kind === "set_mode" || command.kind === "set_reserve_soc") void slow.replanNow(command.kind);
    void loop.tick();
  };
  mqtt = await startMqtt({ ...opts, store, board, settings: () => settings, site: () => site, onCommand });
  const api: ApiServer = await startApiServer({ host: opts.api.host, port: opts.api.port, logger, snapshot: () => board.snapshot(opts.clock.nowMs()), ...(opts.api.extraRoutes ? { extraRoutes: opts.api.extraRoutes } : {}) });
  await opts.ha.start();
  slow.start();
  disposers.push(slow.stop.bind(slow));

  return {
    board,
    planner: slow,
    apiPort: api.port,
    store,
    settings: () => settings,
    async stop() {
      for (const dispose of disposers.splice(0).reverse()) dispose();
      await mqtt?.stop();
      await api.close();
      await opts.ha.stop();
      store.close();
      logger.info("stopped");
    },
  };
}

/** New entity states → readings for the board, samples for the history store. */
function ingest(opts: ServiceOptions, states: EntityStates, board: StatusBoard, store: HistoryStore): SiteReadings {
  const site = readSite(states, opts.config);
  board.setSite(site);
  store.append(ingestSite(site, opts.clock.nowMs()));
  return site;
}

/** Flush at least every 10 s of home time (a kill loses less than a minute); roll up every minute. */
function scheduleStore(opts: ServiceOptions, store: HistoryStore): Unsubscribe[] {
  return [
    opts.scheduler.setInterval(() => store.flush(opts.clock.nowMs()), FLUSH_MS),
    opts.scheduler.setInterval(() => store.maintain(opts.clock.nowMs()), MAINTAIN_MS),
  ];
}

function createLoop(opts: ServiceOptions, board: StatusBoard, settings: () => RuntimeSettings, slow: SlowLoop): FastLoop {
  const { config } = opts;
  const c = config.control;
  return createFastLoop({
    ha: opts.ha,
    scheduler: opts.scheduler,
    clock: opts.clock,
    logger: opts.logger,
    entityIds: siteEntityIds(config),
    readSite: (states) => readSite(states, config),
    executor: createExecutor({ ha: opts.ha, toCalls: createCommandMapper(config), logger: opts.logger, dryRun: c.dryRun, numberTolerance: c.toleranceW }),
    tuning: () => ({ targetGridW: settings().gridTargetW, deadbandW: c.deadbandW, maxStepW: c.maxStepW, quantumW: 10, minWriteIntervalMs: c.minWriteIntervalS * 1000, zeroBandW: 20 }),
    filterTimeConstantMs: c.filterTimeConstantS * 1000,
    maxMeterAgeMs: config.meter.maxAgeS * 1000,
    tickMs: FAST_TICK_MS,
    boundsAt: (nowMs, s) => modeBounds(settings(), config.battery, s, slow.boundsAt(nowMs, s)),
    active: () => settings().mode !== "off",
    onEvent: (event: LoopEvent) => {
      for (const line of board.onLoopEvent(event)) opts.onActivity?.(line.text);
    },
  });
}
