import type { Logger, Unsubscribe } from "../domain/index.js";

/**
 * A set of callbacks where each registration returns the disposer of exactly that registration
 * (STYLE.md P10), and each listener is isolated: one that throws is logged, the others still run.
 */
export interface Listeners<T> {
  add(cb: (value: T) => void): Unsubscribe;
  emit(value: T): void;
}

export function createListeners<T>(logger: Logger, what: string): Listeners<T> {
  const entries = new Set<{ readonly cb: (value: T) => void }>();
  return {
    add(cb) {
      const entry = { cb };
      entries.add(entry);
      return () => {
        entries.delete(entry);
      };
    },
    emit(value) {
      for (const entry of [...entries]) {
        try {
          entry.cb(value);
        } catch (err) {
          logger.error(`mqtt: a ${what} listener threw`, { error: err instanceof Error ? err.message : String(err) });
        }
      }
    },
  };
}
