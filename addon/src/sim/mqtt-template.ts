/**
 * The few Jinja template forms HA's MQTT integration renders for Sunshift's discovery payloads
 * (HA-CONVENTIONS §9.2, addon/src/mqtt/discovery.ts): the simulated home is not a Jinja engine,
 * so it parses exactly these and rejects every other template with a message naming it.
 *
 * - no template: the payload itself;
 * - `{{ value_json.a }}` / `{{ value_json['a'] }}` (also nested `.a.b`): one field of the JSON payload;
 * - `{{ {'k': value_json.a, …} | tojson }}`: a JSON object of fields (json_attributes_template).
 */

/** A field path inside `value_json`, e.g. ["problem_cause"]. */
export type JsonPath = readonly string[];

export type ValueTemplate =
  | { readonly kind: "payload" }
  | { readonly kind: "field"; readonly path: JsonPath }
  | { readonly kind: "dict_tojson"; readonly entries: readonly (readonly [string, JsonPath])[] };

export type TemplateParse = { readonly ok: true; readonly template: ValueTemplate } | { readonly ok: false; readonly reason: string };

export type Rendered = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

const NAME = "[A-Za-z_][A-Za-z0-9_]*";
const STEP = `(?:\\.${NAME}|\\[\\s*'[^']*'\\s*\\])`;
const PATH = `value_json(${STEP}+)`;
const FIELD = new RegExp(`^\\{\\{\\s*${PATH}\\s*\\}\\}$`);
const DICT = /^\{\{\s*\{(.*)\}\s*\|\s*tojson\s*\}\}$/;
const ENTRY = new RegExp(`^\\s*'([^']*)'\\s*:\\s*${PATH}\\s*$`);
const STEPS = new RegExp(STEP, "g");

function pathOf(steps: string): JsonPath {
  return (steps.match(STEPS) ?? []).map((s) => (s.startsWith(".") ? s.slice(1) : s.replace(/^\[\s*'|'\s*\]$/g, "")));
}

/** Parses a `value_template` / `json_attributes_template`; absent means the payload itself. */
export function parseValueTemplate(text: string | undefined): TemplateParse {
  if (text === undefined) return { ok: true, template: { kind: "payload" } };
  const t = text.trim();
  const field = FIELD.exec(t);
  if (field !== null) return { ok: true, template: { kind: "field", path: pathOf(field[1] ?? "") } };
  const dict = DICT.exec(t);
  if (dict !== null) {
    const entries: (readonly [string, JsonPath])[] = [];
    for (const part of (dict[1] ?? "").split(",")) {
      const e = ENTRY.exec(part);
      if (e === null) return unsupported(text);
      entries.push([e[1] ?? "", pathOf(e[2] ?? "")]);
    }
    return { ok: true, template: { kind: "dict_tojson", entries } };
  }
  return unsupported(text);
}

function unsupported(text: string): TemplateParse {
  return {
    ok: false,
    reason: `unsupported template ${JSON.stringify(text)}: the simulated home renders only {{ value_json.<field> }} and {{ {'<key>': value_json.<field>} | tojson }}`,
  };
}

/** The value at `path`, or undefined when a step is missing (Jinja's Undefined). */
function lookup(json: unknown, path: JsonPath): unknown {
  let cur = json;
  for (const step of path) {
    if (typeof cur !== "object" || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, step)) return undefined;
    cur = (cur as Record<string, unknown>)[step];
  }
  return cur;
}

/** How Jinja prints a JSON value: null → `None`, booleans → `True`/`False`, numbers as Python does for these. */
export function jinjaText(v: unknown): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return JSON.stringify(v);
}

function parseJson(payload: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(payload) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Renders `t` over an MQTT payload. A payload that is not JSON, or a missing field, is a reason. */
export function renderTemplate(t: ValueTemplate, payload: string): Rendered {
  if (t.kind === "payload") return { ok: true, text: payload };
  const json = parseJson(payload);
  if (!json.ok) return { ok: false, reason: "payload is not JSON, value_json is undefined" };
  const missing = (path: JsonPath): Rendered => ({ ok: false, reason: `value_json has no attribute '${path.join(".")}'` });
  switch (t.kind) {
    case "field": {
      const v = lookup(json.value, t.path);
      return v === undefined ? missing(t.path) : { ok: true, text: jinjaText(v) };
    }
    case "dict_tojson": {
      const out: Record<string, unknown> = {};
      for (const [key, path] of t.entries) {
        const v = lookup(json.value, path);
        if (v === undefined) return missing(path);
        out[key] = v;
      }
      return { ok: true, text: JSON.stringify(out) };
    }
  }
}
