import { Cron } from "croner";
import type { Clock, EpochMs, Scheduler, Unsubscribe } from "../domain/index.js";

/**
 * The slow loop's calendar (issue 5 §2): a re-plan 5 s after every quarter hour of the home's
 * time zone (prices and plan slots change on the quarter; the 5 s let the first readings of the
 * new slot arrive). croner computes the occurrences from the clock's time, the scheduler waits
 * (so the demo's accelerated clock and the tests' fake clock drive it too, and DST days with
 * their 92 or 100 quarter hours come out right). The cron pattern has a seconds field.
 */
export const REPLAN_CRON = "5 */15 * * * *";

/** The first occurrence of `pattern` strictly after `afterMs` in `timeZone`, or null. */
export function nextOccurrenceMs(pattern: string, timeZone: string, afterMs: EpochMs): EpochMs | null {
  const next = new Cron(pattern, { timezone: timeZone, paused: true }).nextRun(new Date(afterMs));
  return next === null ? null : next.getTime();
}

/** Calls `fn` at every occurrence; returns the disposer. A late timer never fires twice for one occurrence. */
export function scheduleCron(pattern: string, timeZone: string, clock: Clock, scheduler: Scheduler, fn: () => void): Unsubscribe {
  let cancel: Unsubscribe | null = null;
  let stopped = false;
  const arm = (afterMs: EpochMs): void => {
    const at = nextOccurrenceMs(pattern, timeZone, afterMs);
    if (at === null || stopped) return;
    cancel = scheduler.setTimeout(() => {
      if (stopped) return;
      fn();
      arm(Math.max(at, clock.nowMs()));
    }, Math.max(0, at - clock.nowMs()));
  };
  arm(clock.nowMs());
  return () => {
    stopped = true;
    cancel?.();
  };
}
