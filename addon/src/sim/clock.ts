import type { Clock, EpochMs, Scheduler } from "../domain/index.js";

interface Timer {
  readonly id: number;
  dueMs: EpochMs;
  readonly periodMs: number | null;
  readonly fn: () => void;
}

/** Real-time tick of the accelerated mode, ms of wall time between two `advance` steps. */
const REAL_TICK_MS = 50;

/**
 * Simulated time for the simulated home and everything driven by it. It implements the domain
 * `Clock` and `Scheduler` ports, so the same loops run on it as on the real clock.
 *
 * - manual mode: time moves only through `advance(ms)`; timers fire in due order, each seeing
 *   `nowMs()` equal to its due time (deterministic tests).
 * - speed mode: a wall-clock interval advances sim time by `REAL_TICK_MS × speed` per tick. It
 *   never reads the wall clock, so sim time is exactly (ticks × step) from `startAtMs`.
 */
export class SimClock implements Clock, Scheduler {
  private now: EpochMs;
  private nextId = 1;
  private timers: Timer[] = [];
  private realTimer: ReturnType<typeof setInterval> | null = null;
  private advancing = false;

  /**
   * @param onDriverError speed mode only: called when a timer throws inside the wall-clock
   *   driver (instead of an uncaught exception); in manual mode errors reach `advance`'s caller.
   */
  constructor(
    startAtMs: EpochMs,
    readonly speed: number | "manual",
    private readonly onDriverError: (err: unknown) => void = () => undefined,
  ) {
    if (!Number.isFinite(startAtMs)) throw new RangeError("SimClock: startAtMs must be a finite epoch ms");
    if (speed !== "manual" && !(speed > 0)) throw new RangeError("SimClock: speed must be > 0 or 'manual'");
    this.now = startAtMs;
  }

  nowMs(): EpochMs {
    return this.now;
  }

  setTimeout(fn: () => void, delayMs: number): () => void {
    return this.add(fn, Math.max(0, delayMs), null);
  }

  setInterval(fn: () => void, periodMs: number): () => void {
    if (!(periodMs > 0)) throw new RangeError("SimClock.setInterval: periodMs must be > 0");
    return this.add(fn, periodMs, periodMs);
  }

  /** Number of pending timers (for tests and leak checks). */
  pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms`, firing every timer due in that span in order. A timer that
   * schedules another timer inside the span sees it fire in the same call.
   */
  advance(ms: number): void {
    this.run(ms, false);
  }

  /** Fires the timers due within `ms`; with `isolate`, a throwing timer is reported and skipped. */
  private run(ms: number, isolate: boolean): void {
    if (!(ms >= 0)) throw new RangeError("SimClock.advance: ms must be >= 0");
    if (this.advancing) throw new Error("SimClock.advance: re-entrant call from a timer");
    this.advancing = true;
    const endMs = this.now + ms;
    try {
      for (;;) {
        const next = this.nextDue(endMs);
        if (next === null) break;
        this.now = next.dueMs;
        if (next.periodMs === null) this.remove(next.id);
        else next.dueMs += next.periodMs;
        if (isolate) this.guarded(next.fn);
        else next.fn();
      }
      this.now = endMs;
    } finally {
      this.advancing = false;
    }
  }

  private guarded(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onDriverError(err);
    }
  }

  /** Starts the wall-clock driver in speed mode (no-op in manual mode). */
  start(): void {
    const speed = this.speed;
    if (speed === "manual" || this.realTimer !== null) return;
    this.realTimer = setInterval(() => {
      this.run(REAL_TICK_MS * speed, true);
    }, REAL_TICK_MS);
  }

  /** Stops the wall-clock driver and drops every pending timer. */
  stop(): void {
    if (this.realTimer !== null) clearInterval(this.realTimer);
    this.realTimer = null;
    this.timers = [];
  }

  private add(fn: () => void, delayMs: number, periodMs: number | null): () => void {
    const id = this.nextId++;
    this.timers.push({ id, dueMs: this.now + delayMs, periodMs, fn });
    return () => {
      this.remove(id);
    };
  }

  private remove(id: number): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Earliest timer due at or before `endMs`; ties go to the one created first. */
  private nextDue(endMs: EpochMs): Timer | null {
    let best: Timer | null = null;
    for (const t of this.timers) {
      if (t.dueMs > endMs) continue;
      if (best === null || t.dueMs < best.dueMs || (t.dueMs === best.dueMs && t.id < best.id)) best = t;
    }
    return best;
  }
}
