import type { EpochMs } from "./time.js";

/** The HA connection as a state others can see (STYLE.md P10), not an exception. */
export type ConnectionStatus =
  | { readonly kind: "connecting"; readonly attempt: number }
  | { readonly kind: "connected"; readonly haVersion: string; readonly sinceMs: EpochMs }
  | { readonly kind: "disconnected"; readonly sinceMs: EpochMs; readonly cause: string; readonly retryInMs: number }
  | { readonly kind: "auth_failed"; readonly message: string }
  | { readonly kind: "stopped" };
