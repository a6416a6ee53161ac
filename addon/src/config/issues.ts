import type { z } from "zod";
import { hintFor } from "./hints.js";
import { knownKeysAt, listOptions } from "./introspect.js";
import { SECRET_FIELD } from "./redact.js";
import { nearestKey } from "./suggest.js";

/** Keys whose values are secrets: never echoed in a message (STYLE.md P8, HA-CONVENTIONS §12). */
export const SECRET_KEYS: ReadonlySet<string> = new Set(["password", "ha_token", "token", "haToken"]);

/** `plugs[0].power_w` for display. */
export function displayPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out === "" ? "options" : out;
}

/** `plugs.*.power_w` for hint lookup. */
function patternOf(path: readonly PropertyKey[]): string {
  return path.map((s) => (typeof s === "number" ? "*" : String(s))).join(".");
}

function renderValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a group of options";
  return typeof value;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "true or false",
  array: "a list",
  object: "a group of options",
};

function bound(iss: { readonly inclusive?: boolean }, op: "min" | "max"): string {
  if (op === "min") return iss.inclusive === false ? ">" : "≥";
  return iss.inclusive === false ? "<" : "≤";
}

function sizeText(origin: string, n: number | bigint, cmp: "at least" | "at most"): string {
  if (origin === "string") return n === 1 && cmp === "at least" ? "must not be empty" : `must be ${cmp} ${n} characters`;
  return `must have ${cmp} ${n} entries`;
}

function tooSmall(iss: z.core.$ZodIssueTooSmall): string {
  if (iss.origin === "number" || iss.origin === "int") return `must be ${bound(iss, "min")} ${iss.minimum}`;
  return sizeText(iss.origin, iss.minimum, "at least");
}

function tooBig(iss: z.core.$ZodIssueTooBig): string {
  if (iss.origin === "number" || iss.origin === "int") return `must be ${bound(iss, "max")} ${iss.maximum}`;
  return sizeText(iss.origin, iss.maximum, "at most");
}

/** zod's own texts ("Too small: …", "Invalid input: …"); anything else was written by us. */
const ZOD_DEFAULT_MESSAGE = /^(Too (small|big)|Invalid|Unrecognized)/;

/** What the option must be, in words (no path, no value). */
function expectation(iss: z.core.$ZodIssue): string {
  if (!ZOD_DEFAULT_MESSAGE.test(iss.message)) return iss.message;
  switch (iss.code) {
    case "invalid_type":
      return iss.input === undefined ? "is required" : `must be ${TYPE_WORDS[iss.expected] ?? iss.expected}`;
    case "too_small":
      return tooSmall(iss);
    case "too_big":
      return tooBig(iss);
    case "invalid_value":
      return `must be one of ${iss.values.map((v) => String(v)).join(", ")}`;
    case "invalid_format":
    case "custom":
      return iss.message;
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
    case "not_multiple_of":
    case "unrecognized_keys":
      return `is invalid (${iss.message})`;
  }
}

function unknownKeyProblems(iss: z.core.$ZodIssueUnrecognizedKeys, schema: z.core.$ZodType): string[] {
  const siblings = knownKeysAt(schema, iss.path);
  const everywhere = listOptions(schema).map((o) => o.path.join("."));
  return iss.keys.map((key) => {
    const where = displayPath([...iss.path, key]);
    const near = nearestKey(key, siblings);
    if (near !== null) return `${where}: unknown option, probably a typo; did you mean "${near}"?`;
    const elsewhere = everywhere.find((p) => p.endsWith(`.${key}`));
    if (elsewhere !== undefined) return `${where}: unknown option here; did you mean "${elsewhere}"?`;
    return `${where}: unknown option; remove it (known here: ${siblings.join(", ")})`;
  });
}

/**
 * One line per problem, each naming the option path, what it must be, the value found (never for
 * secrets) and how to fix it: `battery.capacity_wh: must be > 0 (got -5); set it to …`.
 * Requires the issues to carry their input (parse with `reportInput: true`).
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], schema: z.core.$ZodType): string[] {
  const out: string[] = [];
  for (const iss of issues) {
    if (iss.code === "unrecognized_keys") {
      out.push(...unknownKeyProblems(iss, schema));
      continue;
    }
    const leaf = iss.path[iss.path.length - 1];
    // Any *_token / *password / *api_key (entsoe_token, influxdb.api_token, …), not only the listed keys.
    const secret = typeof leaf === "string" && (SECRET_KEYS.has(leaf) || SECRET_FIELD.test(leaf));
    const got = secret || iss.input === undefined ? "" : ` (got ${renderValue(iss.input)})`;
    out.push(`${displayPath(iss.path)}: ${expectation(iss)}${got}; ${hintFor(patternOf(iss.path))}`);
  }
  return out;
}
