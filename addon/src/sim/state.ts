import type { EpochMs } from "../domain/index.js";

/** HA's context of a state change; `parentId`/`userId` null for device-driven changes. */
export interface SimContext {
  readonly id: string;
  readonly parentId: string | null;
  readonly userId: string | null;
}

/** One entity state inside the simulated home (times in epoch ms). */
export interface SimState {
  readonly entityId: string;
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly lastChangedMs: EpochMs;
  readonly lastUpdatedMs: EpochMs;
  readonly lastReportedMs: EpochMs;
  readonly context: SimContext;
}

/** A full state object on the wire (get_states, state_changed events). */
export interface WireState {
  readonly entity_id: string;
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly last_changed: string;
  readonly last_reported: string;
  readonly last_updated: string;
  readonly context: { readonly id: string; readonly parent_id: string | null; readonly user_id: string | null };
}

/** Compressed state of `subscribe_entities` (`a` messages). */
export interface CompressedState {
  s?: string;
  a?: Record<string, unknown>;
  c?: string | Record<string, string | null>;
  lc?: number;
  lu?: number;
}

/** One entity's diff in a `c` message. */
export interface StateDiff {
  "+": CompressedState;
  "-"?: { a: string[] };
}

/** HA writes timestamps with microseconds and an explicit UTC offset. */
export function isoUtc(atMs: EpochMs): string {
  return new Date(atMs).toISOString().replace(/\.(\d{3})Z$/, ".$1000+00:00");
}

export function toWire(s: SimState): WireState {
  return {
    entity_id: s.entityId,
    state: s.state,
    attributes: s.attributes,
    last_changed: isoUtc(s.lastChangedMs),
    last_reported: isoUtc(s.lastReportedMs),
    last_updated: isoUtc(s.lastUpdatedMs),
    context: { id: s.context.id, parent_id: s.context.parentId, user_id: s.context.userId },
  };
}

/** The context as HA compresses it: a plain id string when parent and user are null. */
function compressContext(c: SimContext): string | Record<string, string | null> {
  if (c.parentId === null && c.userId === null) return c.id;
  return { id: c.id, parent_id: c.parentId, user_id: c.userId };
}

/** `{s, a, c, lc[, lu]}`; `lu` only when it differs from `lc`. Times in unix seconds (float). */
export function compressState(s: SimState): CompressedState {
  const out: CompressedState = {
    s: s.state,
    a: { ...s.attributes },
    c: compressContext(s.context),
    lc: s.lastChangedMs / 1000,
  };
  if (s.lastUpdatedMs !== s.lastChangedMs) out.lu = s.lastUpdatedMs / 1000;
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export function sameAttributes(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && sameValue(a[k], b[k]));
}

function contextDiff(o: SimContext, n: SimContext): CompressedState["c"] {
  const parts: Record<string, string | null> = {};
  if (o.parentId !== n.parentId) parts["parent_id"] = n.parentId;
  if (o.userId !== n.userId) parts["user_id"] = n.userId;
  if (o.id === n.id) return Object.keys(parts).length > 0 ? parts : undefined;
  if (Object.keys(parts).length === 0) return n.id;
  parts["id"] = n.id;
  return parts;
}

/**
 * The `c` entry HA sends for a changed entity: `+` holds the new state string if it changed,
 * `lc` when last_changed moved (else `lu`), the context (id string, or the changed parts), and
 * only the attributes whose value changed; `-` lists removed attribute names.
 */
export function diffStates(o: SimState, n: SimState): StateDiff {
  const plus: CompressedState = {};
  if (o.state !== n.state) plus.s = n.state;
  if (o.lastChangedMs !== n.lastChangedMs) plus.lc = n.lastChangedMs / 1000;
  else if (o.lastUpdatedMs !== n.lastUpdatedMs) plus.lu = n.lastUpdatedMs / 1000;
  const c = contextDiff(o.context, n.context);
  if (c !== undefined) plus.c = c;
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n.attributes)) {
    if (!(k in o.attributes) || !sameValue(o.attributes[k], v)) changed[k] = v;
  }
  if (Object.keys(changed).length > 0) plus.a = changed;
  const removed = Object.keys(o.attributes).filter((k) => !(k in n.attributes));
  return removed.length > 0 ? { "+": plus, "-": { a: removed } } : { "+": plus };
}
