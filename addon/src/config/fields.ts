import { z } from "zod";

/**
 * Reusable option validators. Custom messages state only what is expected; the issue formatter
 * (issues.ts) adds the option path, the offending value and how to fix it.
 */

/** `domain.object_id` as HA builds it: lower-case letters, digits and underscores. */
const ENTITY_ID = /^([a-z0-9_]+)\.([a-z0-9_]+)$/;

/** Splits an entity id into its domain and object id, or null when it is not one. */
export function parseEntityId(value: string): { readonly domain: string; readonly objectId: string } | null {
  const m = ENTITY_ID.exec(value);
  if (m?.[1] === undefined || m[2] === undefined) return null;
  return { domain: m[1], objectId: m[2] };
}

function entityMessage(domains: readonly string[], example: string): string {
  const list = domains.map((d) => `${d}.*`).join(" or ");
  return `must be a ${list} entity id like "${example}"`;
}

function isEntityOf(domains: readonly string[]): (value: string) => boolean {
  return (value) => {
    const parsed = parseEntityId(value);
    return parsed !== null && domains.includes(parsed.domain);
  };
}

/** An entity id of one of `domains`, required (no default), e.g. inside a plug entry. */
export function requiredEntityId(domains: readonly string[], example: string) {
  return z.string().refine(isEntityOf(domains), entityMessage(domains, example));
}

/** An entity id of one of `domains`, defaulting to `example`. */
export function entityId(domains: readonly string[], example: string) {
  return requiredEntityId(domains, example).default(example);
}

/** An integer in [min, max] with a default. */
export function intIn(min: number, max: number, fallback: number) {
  return z.int().min(min).max(max).default(fallback);
}

/** A finite number in [min, max] with a default. */
export function floatIn(min: number, max: number, fallback: number) {
  return z.number().min(min).max(max).default(fallback);
}

/** A finite number in (0, 1] with a default: an efficiency. */
export function efficiency(fallback: number) {
  return z.number().gt(0).max(1).default(fallback);
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:MM" (00:00–23:59) → minute of the day. */
export function parseTimeOfDay(value: string): number | null {
  const m = HH_MM.exec(value);
  if (m?.[1] === undefined || m[2] === undefined) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** A local time of day "HH:MM", with a default. */
export function timeOfDay(fallback: string) {
  return z
    .string()
    .refine((v) => parseTimeOfDay(v) !== null, 'must be a time of day "HH:MM" between 00:00 and 23:59')
    .default(fallback);
}

/**
 * The Supervisor's `list(15|30|60)` hands values over as strings ("15"); a file may hold
 * numbers. Used with z.preprocess to accept both.
 */
export function digitsToNumber(value: unknown): unknown {
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
}

/** Whether one path lies under the other (or they are equal): an issue there touches both. */
function overlaps(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `when` for a cross-field rule: run it only if no earlier issue lies under (or above) one of
 * `paths` (relative to the checked object), so the rule never compares values that failed or
 * were not transformed, while problems elsewhere are still reported together with it.
 */
export function whenValid(...paths: readonly (readonly PropertyKey[])[]): (payload: z.core.ParsePayload) => boolean {
  return (payload) => !payload.issues.some((iss) => paths.some((p) => overlaps(p, iss.path ?? [])));
}
