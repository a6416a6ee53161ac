import { performance } from "node:perf_hooks";
import type { Clock, EntityStates, HaClient, Logger, Plan, PlannerSlotInput, Scheduler, SiteReadings } from "../domain/index.js";
import type { Config } from "../config/index.js";
import { createCommandMapper, readPlugs, readSite } from "../devices/index.js";
import { createExecutor, type Executor, type SentCall } from "../control/executor.js";
import { createFastLoop, type FastLoop, type LoopEvent } from "../control/fast-loop.js";
import { createLedController, type LedController } from "../control/led-controller.js";
import type { LedInput } from "../control/led.js";
import { createPlugController, type PlugController } from "../control/plug-controller.js";
import type { PlanWish, PlugRules } from "../control/plugs.js";
import type { StateFeed } from "../control/state-feed.js";
import { plugIdOf } from "./plug-requests.js";
import { modeBounds, type RuntimeSettings } from "./runtime-settings.js";
import type { SlowLoop } from "./slow-loop.js";
import type { StatusBoard } from "./status-board.js";

/**
 * The control side of the service (issue 5): the fast loop with safety, the plugs and the
 * status LED, all reading the one shared state feed and writing through executors with
 * read-back. The battery has its own executor so "not answering" means the hub, not a plug.
 */
export interface ControlWiringOptions {
  readonly config: Config;
  readonly ha: HaClient;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly states: StateFeed;
  readonly board: StatusBoard;
  readonly settings: () => RuntimeSettings;
  readonly slow: Pick<SlowLoop, "boundsAt" | "current">;
  readonly onActivity?: (text: string) => void;
  /** Every batch of calls sent (battery, plugs, LED), e.g. for the InfluxDB decisions. */
  readonly onSent?: (calls: readonly SentCall[], atMs: number) => void;
}

export interface Control {
  readonly loop: FastLoop;
  readonly plugs: PlugController;
  readonly led: LedController | null;
  /** The planner's inputs of the running plan (import prices for the LED). */
  setPlanInputs(plan: Plan, inputs: readonly PlannerSlotInput[]): void;
  start(): void;
  stop(): void;
}

const FAST_TICK_MS = 2_000;
const PLUG_TICK_MS = 10_000;
const LED_TICK_MS = 10_000;

function executorFor(o: ControlWiringOptions, connected: () => boolean): Executor {
  const c = o.config.control;
  const timeoutMs = c.confirmTimeoutS * 1000;
  return createExecutor({
    ha: o.ha,
    toCalls: createCommandMapper(o.config),
    logger: o.logger,
    dryRun: c.dryRun,
    numberTolerance: c.toleranceW,
    connected,
    readBack: { states: o.states, scheduler: o.scheduler, clock: o.clock, timeoutMs, attempts: c.commandAttempts, backoffBaseMs: 1000, backoffMaxMs: Math.max(1000, timeoutMs) },
  });
}

/** The plan's wish for a plug now: on when the covering slot lists one of its requests. */
export function plugWishAt(plan: Plan | null, plugId: string, nowMs: number): PlanWish {
  const slot = plan?.slots.find((s) => s.startMs <= nowMs && nowMs < s.endMs);
  if (slot === undefined) return null;
  return { on: slot.plugsOn.some((r) => plugIdOf(r) === plugId), slotStartMs: slot.startMs };
}

/** Import price now and over the rest of the horizon, from the planner's inputs. */
export function ledPrices(inputs: readonly PlannerSlotInput[], nowMs: number): LedInput["prices"] {
  const ahead = inputs.filter((s) => s.endMs > nowMs && Number.isFinite(s.importPriceEurPerKWh));
  const now = ahead.find((s) => s.startMs <= nowMs);
  return now === undefined ? null : { slotStartMs: now.startMs, nowEurPerKWh: now.importPriceEurPerKWh, horizonEurPerKWh: ahead.map((s) => s.importPriceEurPerKWh) };
}

function plugRules(config: Config): PlugRules[] {
  const min = 60_000;
  return config.plugs.map((p) => ({
    id: p.id,
    minOnMs: (p.minOnMinutes ?? 0) * min,
    minOffMs: (p.minOffMinutes ?? 0) * min,
    overrideMs: config.control.manualOverrideMinutes * min,
  }));
}

function fastLoop(o: ControlWiringOptions, executor: Executor, read: (s: EntityStates) => SiteReadings): FastLoop {
  const { config } = o;
  const c = config.control;
  const b = config.battery;
  return createFastLoop({
    ha: o.ha,
    states: o.states,
    scheduler: o.scheduler,
    clock: o.clock,
    logger: o.logger,
    readSite: read,
    executor,
    tuning: () => ({ targetGridW: o.settings().gridTargetW, deadbandW: c.deadbandW, maxStepW: c.maxStepW, quantumW: 10, minWriteIntervalMs: c.minWriteIntervalS * 1000, zeroBandW: 20 }),
    filterTimeConstantMs: c.filterTimeConstantS * 1000,
    maxMeterAgeMs: config.meter.maxAgeS * 1000,
    tickMs: FAST_TICK_MS,
    boundsAt: (nowMs, s) => modeBounds(o.settings(), b, s, o.slow.boundsAt(nowMs, s)),
    active: () => o.settings().mode !== "off",
    safety: { socMinPct: b.socMinPct, socMaxPct: b.socMaxPct, limits: { maxOutputW: b.maxOutputW, maxAcChargeW: b.maxAcChargeW } },
    onEvent: (event: LoopEvent) => {
      for (const line of o.board.onLoopEvent(event)) o.onActivity?.(line.text);
      if (event.kind === "sent") o.onSent?.(event.calls, event.atMs);
    },
  });
}

/** An executor whose sent calls also land in the status board's activity (plugs, LED). */
function reporting(executor: Executor, o: ControlWiringOptions): Executor {
  const report = (calls: readonly SentCall[]): readonly SentCall[] => {
    if (calls.length === 0) return calls;
    const atMs = o.clock.nowMs();
    for (const line of o.board.onLoopEvent({ kind: "sent", atMs, calls })) o.onActivity?.(line.text);
    o.onSent?.(calls, atMs);
    return calls;
  };
  return {
    execute: async (command, observed) => report(await executor.execute(command, observed)),
    executeCalls: async (command, calls, observed) => report(await executor.executeCalls(command, calls, observed)),
    notAnswering: () => executor.notAnswering(),
  };
}

/**
 * An executor whose sends are timed into the board (`command_confirm`: from sending until HA
 * shows the new state, retries included; wall time). Sends with nothing to do are not counted.
 */
function timed(executor: Executor, o: ControlWiringOptions): Executor {
  const time = async (send: () => Promise<readonly SentCall[]>): Promise<readonly SentCall[]> => {
    const t0 = performance.now();
    const calls = await send();
    if (calls.length > 0) o.board.observe("command_confirm", (performance.now() - t0) / 1000);
    return calls;
  };
  return {
    execute: (command, observed) => time(() => executor.execute(command, observed)),
    executeCalls: (command, calls, observed) => time(() => executor.executeCalls(command, calls, observed)),
    notAnswering: () => executor.notAnswering(),
  };
}

function ledController(o: ControlWiringOptions, executor: Executor, loop: FastLoop, prices: (nowMs: number) => LedInput["prices"]): LedController | null {
  const { config } = o;
  if (!config.light.enabled) return null;
  return createLedController({
    entityId: config.light.entity,
    settings: config.light,
    states: o.states,
    readSite: (s) => readSite(s, config),
    toCalls: createCommandMapper(config),
    executor,
    clock: o.clock,
    scheduler: o.scheduler,
    logger: o.logger,
    tickMs: LED_TICK_MS,
    problem: () => loop.safeCause(),
    active: () => o.settings().mode !== "off",
    prices,
  });
}

/**
 * Whether commands may go out: not before start(), not while HA is down, and after a (re)connect
 * not until that connection's first state delivery (until then the states in hand are the
 * previous connection's, and a command computed from them could be stale).
 */
function sendGate(o: ControlWiringOptions): { readonly open: () => boolean; start(): void; stop(): void } {
  let linkUp = false;
  let open = false;
  let offStatus: (() => void) | null = null;
  let offStates: (() => void) | null = null;
  return {
    open: () => open,
    start() {
      offStatus ??= o.ha.onStatus((s) => {
        linkUp = s.kind === "connected";
        open = false;
      });
      offStates ??= o.states.onChange(() => {
        open = linkUp;
      });
    },
    stop() {
      offStatus?.();
      offStates?.();
      offStatus = null;
      offStates = null;
      linkUp = false;
      open = false;
    },
  };
}

export function createControl(o: ControlWiringOptions): Control {
  const { config } = o;
  const gate = sendGate(o);
  const isConnected = gate.open;
  const loop = fastLoop(o, timed(executorFor(o, isConnected), o), (s) => readSite(s, config));
  const devices = reporting(timed(executorFor(o, isConnected), o), o);
  const plugs = createPlugController({
    rules: plugRules(config),
    states: o.states,
    readPlugs: (s) => readPlugs(s, config.plugs),
    executor: devices,
    clock: o.clock,
    scheduler: o.scheduler,
    logger: o.logger,
    tickMs: PLUG_TICK_MS,
    wishAt: (id, nowMs) => plugWishAt(o.slow.current(), id, nowMs),
    active: () => o.settings().mode !== "off",
    onActivity: (e) => o.onActivity?.(e.text),
  });
  let inputs: readonly PlannerSlotInput[] = [];
  const led = ledController(o, devices, loop, (nowMs) => ledPrices(inputs, nowMs));
  return {
    loop,
    plugs,
    led,
    setPlanInputs(_plan, next) {
      inputs = next;
      plugs.tick().catch((err: unknown) => {
        o.logger.error("plug step failed", { error: String(err) });
      });
    },
    start() {
      gate.start();
      loop.start();
      plugs.start();
      led?.start();
    },
    stop() {
      led?.stop();
      plugs.stop();
      loop.stop();
      gate.stop();
    },
  };
}
