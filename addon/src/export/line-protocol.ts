import type { EpochMs } from "../domain/time.js";

/**
 * InfluxDB line protocol (v1 `/write` and v2 `/api/v2/write` take the same text), with
 * millisecond timestamps (`precision=ms`). Escaping follows the line-protocol reference:
 * - measurement: comma and space;
 * - tag keys, tag values, field keys: comma, equals sign and space;
 * - string field values: double quote and backslash, inside double quotes.
 * Line breaks cannot be escaped in any element; they (and tabs) become a space, so one point is
 * always exactly one line. InfluxDB 1.x keeps a backslash in a name literally but cannot parse
 * one at the end or before an escaped character (checked against influxd 1.6.7), so in
 * measurements and tags a backslash is written as `/`.
 */

/** A field: numbers are written as floats (one type per field, so no int/float conflicts). */
export type FieldValue = number | boolean | string;

/** One point for an external time-series store. `atMs` is part of its identity (with the tags). */
export interface ExportPoint {
  readonly measurement: string;
  /** Empty tag values are left out (line protocol has no empty tags). */
  readonly tags: Readonly<Record<string, string>>;
  /** Non-finite numbers are left out; a point without a field left is not written. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly atMs: EpochMs;
}

const LINE_BREAKS = /[\r\n\t]/g;

function flatten(text: string): string {
  return text.replace(LINE_BREAKS, " ");
}

function name(text: string): string {
  return flatten(text).replace(/\\/g, "/");
}

/** Measurement name: `,` and ` ` escaped. */
export function escapeMeasurement(measurement: string): string {
  return name(measurement).replace(/[, ]/g, (c) => `\\${c}`);
}

/** Tag key, tag value or field key: `,`, `=` and ` ` escaped. */
export function escapeKey(key: string): string {
  return name(key).replace(/[,= ]/g, (c) => `\\${c}`);
}

/** String field value: quoted, with `"` and `\` escaped. */
export function quoteString(value: string): string {
  return `"${flatten(value).replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** A field value in line protocol, or null when it cannot be written (NaN, ±Infinity). */
export function formatFieldValue(value: FieldValue): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "boolean") return value ? "true" : "false";
  return quoteString(value);
}

/**
 * One point as one line of line protocol, tags sorted by key (what InfluxDB recommends for
 * write performance), or null when no field is writable or the measurement or time is invalid.
 */
export function toLine(point: ExportPoint): string | null {
  if (flatten(point.measurement).trim() === "" || !Number.isFinite(point.atMs)) return null;
  const fields: string[] = [];
  for (const [key, value] of Object.entries(point.fields)) {
    const formatted = formatFieldValue(value);
    if (formatted !== null && key !== "") fields.push(`${escapeKey(key)}=${formatted}`);
  }
  if (fields.length === 0) return null;
  const tags = Object.entries(point.tags)
    .filter(([key, value]) => key !== "" && value !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `,${escapeKey(key)}=${escapeKey(value)}`)
    .join("");
  return `${escapeMeasurement(point.measurement)}${tags} ${fields.join(",")} ${Math.round(point.atMs)}`;
}
