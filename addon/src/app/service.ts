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
  /** Fast loop, plugs and status LED. */
  readonly control: Control;
  settings(): RuntimeSettings;
  stop(): Promise<void>;
}

const FLUSH_MS = 10_000;
const MAINTAIN_MS = 60_000;

export async function startService(opts: ServiceOptions): Promise<RunningService> {
  const { config, logger } = opts;
  mkdirSync(opts.dataDir, { recursive: true });
  const store = openHistoryStore({ path: join(opts.dataDir, "sunshift.db"), logger, rawRetentionMs: config.storage.rawRetentionDays * 86_400_000 });
  const board = new StatusBoard(opts.version, opts.clock.nowMs());
  const disposers: Unsubscribe[] = [];
  let settings = loadSettings(config, store);

  disposers.push(opts.ha.onStatus((status) => {
    board.setConnection(status);
  }));
  let mqtt: MqttLink | null = null;
  const { feed, site, slow, control: ctl } = createLoops(opts, { store, board, settings: () => settings, mqtt: () => mqtt, disposers });

  const onCommand = (command: EntityCommand): void => {
    settings = applyCommand(settings, command);
    saveSettings(store, settings);
    logger.info("command from Home Assistant", { command: command.kind, mode: settings.mode, gridTargetW: settings.gridTargetW, reserveSocPct: settings.reserveSocPct });
    if (command.kind === "replan" || command.kind === "set_mode" || command.kind === "set_reserve_soc") void slow.replanNow(command.kind);
    void ctl.loop.tick();
  };
  mqtt = await startMqtt({ ...opts, store, board, settings: () => settings, site, onCommand });
  const api: ApiServer = await startApiServer({ host: opts.api.host, port: opts.api.port, logger, snapshot: () => board.snapshot(opts.clock.nowMs()), ...(opts.api.extraRoutes ? { extraRoutes: opts.api.extraRoutes } : {}) });
  // Control first, so it sees the feed's first delivery.
  ctl.start();
  feed.start();
  await opts.ha.start();
  slow.start();
  disposers.push(slow.stop.bind(slow));

  return {
    board,
    planner: slow,
    apiPort: api.port,
    store,
    control: ctl,
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

interface LoopDeps {
  readonly store: HistoryStore;
  readonly board: StatusBoard;
  readonly settings: () => RuntimeSettings;
  readonly mqtt: () => MqttLink | null;
  readonly disposers: Unsubscribe[];
}

/**
 * The shared subscription of the site's entities (ingest, fast loop, read-back, plugs and LED
 * all read it: HA sends each change once), the slow loop, and the control side. Not started.
 */
function createLoops(opts: ServiceOptions, deps: LoopDeps): { feed: SharedStateFeed; site: () => SiteReadings; slow: SlowLoop; control: Control } {
  let site: SiteReadings = readSite(new Map(), opts.config);
  const feed = createStateFeed(opts.ha, siteEntityIds(opts.config), (err) => {
    opts.logger.error("state listener failed", { error: String(err) });
  });
  deps.disposers.push(feed.onChange((states) => {
    site = ingest(opts, states, deps.board, deps.store);
  }));
  let control: Control | null = null;
  const slow = createPlanning(opts, {
    store: deps.store,
    board: deps.board,
    site: () => site,
    onPlan: (plan, inputs) => {
      control?.setPlanInputs(plan, inputs);
      deps.mqtt()?.publishPlan(plan, inputs);
    },
  });
  control = createControl({ ...opts, states: feed, board: deps.board, settings: deps.settings, slow });
  deps.disposers.push(feed.stop.bind(feed), control.stop.bind(control), ...scheduleStore(opts, deps.store));
  return { feed, site: () => site, slow, control };
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
