import type { EntityStates, HaClient, Scheduler, Unsubscribe } from "../domain/index.js";

/**
 * One subscription to the site's entities, shared by everything that reads them (the service's
 * ingest, the fast loop, the executor's read-back, plugs and LED). HA then sends each state
 * change once instead of once per reader. Listeners are isolated: one that throws does not stop
 * the others (STYLE.md P10).
 */
export interface StateFeed {
  /** The latest full map (empty before the first delivery). */
  current(): EntityStates;
  /** Called with the full map on every change; returns its own disposer. */
  onChange(cb: (states: EntityStates) => void): Unsubscribe;
}

export interface SharedStateFeed extends StateFeed {
  /** Subscribes once at HA; a second start is a no-op. */
  start(): void;
  stop(): void;
}

export function createStateFeed(ha: HaClient, entityIds: readonly string[], onError: (err: unknown) => void): SharedStateFeed {
  let states: EntityStates = new Map();
  let unsubscribe: Unsubscribe | null = null;
  const listeners = new Set<(s: EntityStates) => void>();
  return {
    current: () => states,
    onChange(cb) {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
    start() {
      unsubscribe ??= ha.subscribeEntities(entityIds, (next) => {
        states = next;
        for (const l of [...listeners]) {
          try {
            l(next);
          } catch (err) {
            onError(err);
          }
        }
      });
    },
    stop() {
      unsubscribe?.();
      unsubscribe = null;
      listeners.clear();
    },
  };
}

/**
 * Resolves true as soon as `predicate` holds for the feed's states (checked now and on every
 * change), false after `timeoutMs` of scheduler time. Cleans up after itself either way.
 */
export function waitForStates(feed: StateFeed, scheduler: Scheduler, predicate: (states: EntityStates) => boolean, timeoutMs: number): Promise<boolean> {
  if (predicate(feed.current())) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (ok: boolean): void => {
      off();
      cancel();
      resolve(ok);
    };
    const off = feed.onChange((s) => {
      if (predicate(s)) finish(true);
    });
    const cancel = scheduler.setTimeout(() => {
      finish(false);
    }, timeoutMs);
  });
}

/** A promise that resolves after `ms` of scheduler time. */
export function pause(scheduler: Scheduler, ms: number): Promise<void> {
  return new Promise((resolve) => {
    scheduler.setTimeout(resolve, ms);
  });
}

/** A step that runs one at a time: a trigger while it runs is dropped (the next trigger catches up). */
export interface SerialStep {
  /** Runs the step now unless it is already running. */
  readonly tick: () => Promise<void>;
  /** `tick` for event handlers and timers: errors go to `onError`, never a floating promise. */
  readonly run: () => void;
}

export function serialStep(step: () => Promise<void>, onError: (err: unknown) => void): SerialStep {
  let busy = false;
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      await step();
    } finally {
      busy = false;
    }
  };
  return {
    tick,
    run: () => {
      tick().catch(onError);
    },
  };
}
