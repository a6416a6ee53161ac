/** A manual Clock + Scheduler for loop tests: time moves only when `advance` is called. */
import type { Clock, Scheduler } from "../../addon/src/domain/index.js";

interface Timer {
  readonly id: number;
  dueMs: number;
  readonly periodMs: number | null;
  readonly fn: () => void;
}

export class ManualTime implements Clock, Scheduler {
  private readonly timers = new Map<number, Timer>();
  private nextId = 1;

  constructor(private now: number) {}

  nowMs(): number {
    return this.now;
  }

  setTimeout(fn: () => void, delayMs: number): () => void {
    return this.add(fn, delayMs, null);
  }

  setInterval(fn: () => void, periodMs: number): () => void {
    return this.add(fn, periodMs, periodMs);
  }

  /** Moves the clock forward, firing due timers in order at their due instants. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.timers.values()].filter((t) => t.dueMs <= end).sort((a, b) => a.dueMs - b.dueMs)[0];
      if (due === undefined) break;
      this.now = due.dueMs;
      if (due.periodMs === null) this.timers.delete(due.id);
      else due.dueMs += due.periodMs;
      due.fn();
    }
    this.now = end;
  }

  pending(): number {
    return this.timers.size;
  }

  private add(fn: () => void, delayMs: number, periodMs: number | null): () => void {
    const id = this.nextId++;
    this.timers.set(id, { id, dueMs: this.now + delayMs, periodMs, fn });
    return () => {
      this.timers.delete(id);
    };
  }
}
