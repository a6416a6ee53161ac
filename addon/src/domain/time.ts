/**
 * Time is an input (STYLE.md P3). Everything below the composition root receives `now` as an
 * argument or a Clock; only main.ts / cli/ / system/ read the real clock.
 * All instants are epoch milliseconds (UTC); local time only appears at the edges that need it.
 */
export type EpochMs = number;

export interface Clock {
  /** Current instant, epoch ms. */
  nowMs(): EpochMs;
}

/** Timer port so loops can run on a simulated (accelerated) clock. Returns its own cancel. */
export interface Scheduler {
  /** Run `fn` after `delayMs` of *clock* time. */
  setTimeout(fn: () => void, delayMs: number): () => void;
  /** Run `fn` every `periodMs` of *clock* time. */
  setInterval(fn: () => void, periodMs: number): () => void;
}

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
