import type { EpochMs } from "./time.js";

/**
 * Persisted optimizer runs (STYLE.md P5) and runtime settings that survive a restart.
 * Ports only; the SQLite adapter lives in store/.
 */

/** A value JSON can represent exactly (what a settings row holds). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * One optimizer run as it is persisted: enough to replay `input` through the planner and
 * compare with `result`. `input`/`result` are opaque here (the planner owns their schemas and
 * validates them when it reads them back); they must be JSON-serializable.
 */
export interface PlanRun {
  /** Version of the planner's input/result schema, so a replay tool can refuse or migrate. */
  readonly schemaVersion: number;
  readonly generatedAtMs: EpochMs;
  readonly input: unknown;
  readonly result: unknown;
}

/** A plan run read back from the store; `id` increases with every save. */
export interface StoredPlanRun extends PlanRun {
  readonly id: number;
}

/** Outcome of a store write the caller may want to report (expected failures are values, P12). */
export type StoreWriteResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: string };

export type SavePlanRunResult =
  | { readonly ok: true; readonly id: number }
  | { readonly ok: false; readonly error: string };

/** Port: keeps the last N plan runs. */
export interface PlanRunStore {
  savePlanRun(run: PlanRun): SavePlanRunResult;
  /** The most recently saved run, or null when there is none. */
  latestPlanRun(): StoredPlanRun | null;
  /** Up to `limit` most recent runs, newest first. */
  planRuns(limit: number): readonly StoredPlanRun[];
}

/** Port: small key/value settings (mode, reserve SOC, grid target set from HA). */
export interface SettingsStore {
  /** The stored value, or undefined when the key was never set. The caller validates its shape. */
  getSetting(key: string): JsonValue | undefined;
  setSetting(key: string, value: JsonValue): StoreWriteResult;
}
