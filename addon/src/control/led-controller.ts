import type { Clock, Command, EntityStates, Logger, Scheduler, ServiceCall, SiteReadings, Unsubscribe } from "../domain/index.js";
import type { Executor } from "./executor.js";
import { blinkEffect, ledCommand, ledLook, withEffect, type LedInput, type LedLook, type LedSettings } from "./led.js";
import { serialStep, type StateFeed } from "./state-feed.js";

/**
 * Drives the status LED from the pure rules (led.ts): the look is computed on every state change
 * and every `tickMs`, and the light is written only when the wanted look changes (or the last
 * write failed). A person changing the light by hand is left alone until the look changes.
 */
export interface LedControllerOptions {
  readonly entityId: string;
  readonly settings: LedSettings;
  readonly states: StateFeed;
  readonly readSite: (states: EntityStates) => SiteReadings;
  readonly toCalls: (command: Command) => readonly ServiceCall[];
  readonly executor: Executor;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly tickMs: number;
  readonly problem: () => string | null;
  readonly active: () => boolean;
  readonly prices: (nowMs: number) => LedInput["prices"];
  readonly onActivity?: (entry: { readonly atMs: number; readonly text: string; readonly ok: boolean }) => void;
}

export interface LedController {
  start(): void;
  stop(): void;
  tick(): Promise<void>;
  /** The look last written successfully (null before the first). */
  shown(): LedLook | null;
}

/**
 * A look other than a problem is kept at least this long, ms: the battery look follows the
 * fast loop, and a load near the idle threshold must not make the light flicker.
 */
export const LED_MIN_DWELL_MS = 60_000;

/** Whether a change from `shown` (written at `shownAtMs`) to `look` must wait: problems never wait. */
export function mustDwell(shown: LedLook | null, shownAtMs: number, look: LedLook, nowMs: number): boolean {
  const calm = look !== "problem" && shown !== null && shown !== "problem";
  return calm && nowMs - shownAtMs < LED_MIN_DWELL_MS;
}

export function createLedController(opts: LedControllerOptions): LedController {
  let shown: LedLook | null = null;
  let shownAtMs = 0;
  const disposers: Unsubscribe[] = [];

  async function step(): Promise<void> {
    const nowMs = opts.clock.nowMs();
    const states = opts.states.current();
    const site = opts.readSite(states);
    const problem = opts.problem();
    const prices = opts.prices(nowMs);
    const look = ledLook({ problem, active: opts.active(), battery: site.battery, prices }, opts.settings);
    if (look === shown || mustDwell(shown, shownAtMs, look, nowMs)) return;
    const command = ledCommand(look, opts.settings, problem, prices?.slotStartMs ?? nowMs);
    const effect = look === "problem" ? blinkEffect(states.get(opts.entityId)?.attributes) : null;
    const sent = await opts.executor.executeCalls(command, withEffect(opts.toCalls(command), effect), states);
    const ok = sent.every((s) => s.result.ok);
    if (ok) {
      shown = look;
      shownAtMs = nowMs;
    }
    const text = `status light → ${look}${effect === null ? "" : ` (${effect})`}${ok ? "" : " — FAILED"}`;
    opts.logger.debug(text);
    opts.onActivity?.({ atMs: nowMs, text, ok });
  }

  const { tick, run } = serialStep(step, (err) => {
    opts.logger.error("status light step failed", { error: String(err) });
  });

  return {
    start() {
      disposers.push(opts.states.onChange(run), opts.scheduler.setInterval(run, opts.tickMs));
    },
    stop() {
      for (const d of disposers.splice(0).reverse()) d();
    },
    tick,
    shown: () => shown,
  };
}
