/**
 * Mutations of real payloads for property-based fuzzing: take a recorded response and change,
 * drop or duplicate a few of its values (numbers at the extremes, wrong types, near-miss
 * strings), so the parsers meet inputs that are almost right, where bugs live.
 */
import fc from "fast-check";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that break naive parsers. JSON bodies turn NaN/±Infinity into null (as a server would send). */
export const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, "", " ", "NaN", "Infinity", "-1e309", "1e309", "0x10", "12,5", "∞", "unknown", "unavailable", [], {}),
  fc.constantFrom<Json>(1e308, -1e308, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 5e-324, -0, 0, 1, -1),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.string({ maxLength: 12 }),
  fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom<Json>("2024-13-45T25:61:00Z", "2024-06-15", "2024-06-15T12:00:00", "2024-06-15 12:00:00+02:00", "tomorrow"),
);

type Path = readonly (string | number)[];

function paths(node: Json, at: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(node)) node.forEach((v, i) => out.push([...at, i], ...paths(v, [...at, i])));
  else if (node !== null && typeof node === "object") for (const [k, v] of Object.entries(node)) out.push([...at, k], ...paths(v, [...at, k]));
  return out;
}

interface Mutation {
  readonly pick: number;
  /** perturb: a number becomes another number (scaled, negated, extreme), a string keeps its type. */
  readonly op: "set" | "delete" | "duplicate" | "perturb";
  readonly value: Json;
  readonly factor: number;
}

function perturbed(old: Json, m: Mutation): Json {
  if (typeof old === "number") return m.factor === 0 ? -old : old * m.factor;
  if (typeof old === "string" && typeof m.value === "string") return m.value;
  return old;
}

function parentOf(root: Json, path: Path): Json {
  let node = root;
  for (const seg of path.slice(0, -1)) node = (node as Record<string | number, Json>)[seg] ?? null;
  return node;
}

function applyToArray(parent: Json[], key: number, m: Mutation): void {
  if (m.op === "delete") parent.splice(key, 1);
  else if (m.op === "duplicate") parent.splice(key, 0, structuredClone(parent[key] ?? null));
  else parent[key] = m.op === "perturb" ? perturbed(parent[key] ?? null, m) : m.value;
}

function applyToObject(parent: { [key: string]: Json }, key: string, m: Mutation): void {
  if (m.op === "delete") Reflect.deleteProperty(parent, key);
  else parent[key] = m.op === "perturb" ? perturbed(parent[key] ?? null, m) : m.value;
}

function apply(root: Json, m: Mutation): Json {
  const all = paths(root);
  const path = all[m.pick % Math.max(1, all.length)];
  if (path === undefined) return m.value;
  const parent = parentOf(root, path);
  const key = path[path.length - 1];
  if (key === undefined || parent === null || typeof parent !== "object") return root;
  if (Array.isArray(parent)) {
    if (typeof key === "number") applyToArray(parent, key, m);
  } else applyToObject(parent, String(key), m);
  return root;
}

/** The payload with 1–4 random mutations (or, one case in eight, a wholly random JSON value). */
export function mutated(base: Json): fc.Arbitrary<Json> {
  const mutation = fc.record({
    pick: fc.nat(),
    op: fc.constantFrom<Mutation["op"]>("perturb", "perturb", "perturb", "set", "set", "delete", "duplicate"),
    value: nastyValue,
    factor: fc.constantFrom(0, 0.001, 1.5, 1000, 1e300, -2),
  });
  return fc.oneof(
    { weight: 7, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce<Json>((node, m) => apply(node, m), structuredClone(base))) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  );
}
