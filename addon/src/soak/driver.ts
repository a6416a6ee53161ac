import type { Clock, Scheduler } from "../domain/index.js";

/**
 * Drives a manual simulated clock as fast as the process allows (at most `maxSpeed` home
 * seconds per wall second): one small step, then a turn of the event loop so that WebSocket
 * frames, service calls and timers of the wall clock get through. Unlike the sim's own speed
 * mode, a step never jumps further than `stepMs`, so readings do not look stale only because
 * the clock ran ahead of the network.
 */
export interface ManualClockTarget {
  readonly clock: Clock;
  advance(ms: number): void;
}

export interface DriveOptions {
  /** Home ms per step (≤ the meter cadence keeps every reading fresh). */
  readonly stepMs: number;
  /** Upper bound of home seconds per wall second. */
  readonly maxSpeed: number;
  readonly wallClock: Clock;
  readonly wallScheduler: Scheduler;
}

export interface ClockDriver {
  /** Advances home time to `untilMs` (resolves once there). */
  runUntil(untilMs: number): Promise<void>;
}

const yieldTurn = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

export function createClockDriver(target: ManualClockTarget, o: DriveOptions): ClockDriver {
  if (!(o.stepMs > 0) || !(o.maxSpeed > 0)) throw new RangeError("createClockDriver: stepMs and maxSpeed must be > 0");
  const wallStart = o.wallClock.nowMs();
  const homeStart = target.clock.nowMs();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      o.wallScheduler.setTimeout(resolve, ms);
    });
  return {
    async runUntil(untilMs) {
      while (target.clock.nowMs() < untilMs) {
        const budgetMs = (o.wallClock.nowMs() - wallStart) * o.maxSpeed - (target.clock.nowMs() - homeStart);
        if (budgetMs < o.stepMs) {
          await sleep(Math.max(1, Math.ceil((o.stepMs - budgetMs) / o.maxSpeed)));
          continue;
        }
        target.advance(Math.min(o.stepMs, untilMs - target.clock.nowMs()));
        await yieldTurn();
      }
    },
  };
}
