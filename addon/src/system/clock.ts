import type { Clock, Scheduler } from "../domain/index.js";

/** The real clock and timers; only the composition root hands these out (STYLE.md P3). */
export const systemClock: Clock = { nowMs: () => Date.now() };

export const systemScheduler: Scheduler = {
  setTimeout(fn, delayMs) {
    const t = setTimeout(fn, delayMs);
    return () => {
      clearTimeout(t);
    };
  },
  setInterval(fn, periodMs) {
    const t = setInterval(fn, periodMs);
    return () => {
      clearInterval(t);
    };
  },
};
