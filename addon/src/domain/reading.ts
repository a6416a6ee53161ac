import type { EpochMs } from "./time.js";

/**
 * Why a reading is missing. Every adapter turns a bad entity state into one of these instead of
 * NaN (STYLE.md P2): the control loop and the planner see the cause and degrade with a reason.
 */
export type MissingCause =
  | { readonly kind: "not_configured" }
  | { readonly kind: "no_entity" }
  | { readonly kind: "unavailable" }
  | { readonly kind: "unknown" }
  | { readonly kind: "not_numeric"; readonly raw: string }
  | { readonly kind: "unsupported_unit"; readonly unit: string | null; readonly expected: readonly string[] }
  | { readonly kind: "out_of_range"; readonly value: number; readonly min: number; readonly max: number }
  | { readonly kind: "stale"; readonly ageMs: number; readonly maxAgeMs: number };

/**
 * One normalized value from one entity. `atMs` is when the source last changed or reported it
 * (HA `last_reported`/`last_updated`), so `now - atMs` is its age.
 */
export type Reading<T> =
  | { readonly ok: true; readonly value: T; readonly atMs: EpochMs; readonly entityId: string }
  | { readonly ok: false; readonly cause: MissingCause; readonly atMs: EpochMs | null; readonly entityId: string | null };

export function present<T>(value: T, atMs: EpochMs, entityId: string): Reading<T> {
  return { ok: true, value, atMs, entityId };
}

export function missing<T>(cause: MissingCause, entityId: string | null, atMs: EpochMs | null = null): Reading<T> {
  return { ok: false, cause, atMs, entityId };
}

/** Age of a reading in ms at `nowMs`; null when it never had a timestamp. Never negative. */
export function ageMs(reading: Reading<unknown>, nowMs: EpochMs): number | null {
  return reading.atMs === null ? null : Math.max(0, nowMs - reading.atMs);
}

/**
 * The reading if it is present and not older than `maxAgeMs`, else a missing reading that says
 * why (a present-but-old value becomes `stale`).
 */
export function fresh<T>(reading: Reading<T>, nowMs: EpochMs, maxAgeMs: number): Reading<T> {
  if (!reading.ok) return reading;
  const age = nowMs - reading.atMs;
  if (age <= maxAgeMs) return reading;
  return missing({ kind: "stale", ageMs: age, maxAgeMs }, reading.entityId, reading.atMs);
}

/** Value or a fallback, for places that have a documented safe default. */
export function valueOr<T>(reading: Reading<T>, fallback: T): T {
  return reading.ok ? reading.value : fallback;
}

/** A short human text for a missing cause, used in logs and status pages (English). */
export function describeMissing(cause: MissingCause): string {
  switch (cause.kind) {
    case "not_configured":
      return "not configured";
    case "no_entity":
      return "entity not found in Home Assistant";
    case "unavailable":
      return "entity is unavailable";
    case "unknown":
      return "entity state is unknown";
    case "not_numeric":
      return `state "${cause.raw}" is not a number`;
    case "unsupported_unit":
      return `unit "${cause.unit ?? "none"}" not supported (expected ${cause.expected.join(", ")})`;
    case "out_of_range":
      return `value ${cause.value} outside ${cause.min}..${cause.max}`;
    case "stale":
      return `last update ${Math.round(cause.ageMs / 1000)} s ago (limit ${Math.round(cause.maxAgeMs / 1000)} s)`;
  }
}
