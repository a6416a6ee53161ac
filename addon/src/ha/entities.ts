import { z } from "zod";
import type { HaEntityState } from "../domain/index.js";

/**
 * The compressed `subscribe_entities` stream (DEVICES.md §3): `a` adds full states, `c` carries
 * per-entity diffs (`+` new values, `-` removed attribute names), `r` removes entities. Short
 * keys: s = state, a = attributes, c = context, lc/lu = last changed/updated (unix seconds).
 */
const attributesSchema = z.record(z.string(), z.unknown());

const compressedStateSchema = z.object({
  s: z.string(),
  a: attributesSchema,
  c: z.unknown().optional(),
  lc: z.number(),
  lu: z.number().optional(),
});

const stateDiffSchema = z.object({
  "+": z
    .object({
      s: z.string().optional(),
      a: attributesSchema.optional(),
      c: z.unknown().optional(),
      lc: z.number().optional(),
      lu: z.number().optional(),
    })
    .optional(),
  "-": z.object({ a: z.array(z.string()) }).optional(),
});

export const entitiesEventSchema = z.object({
  a: z.record(z.string(), compressedStateSchema).optional(),
  c: z.record(z.string(), stateDiffSchema).optional(),
  r: z.array(z.string()).optional(),
});

export type CompressedState = z.infer<typeof compressedStateSchema>;
export type StateDiff = z.infer<typeof stateDiffSchema>;
export type EntitiesEvent = z.infer<typeof entitiesEventSchema>;

const secondsToMs = (s: number): number => Math.round(s * 1000);

/** A full state from its compressed form; `lu` defaults to `lc` (HA omits it when equal). */
export function expandState(entityId: string, cs: CompressedState): HaEntityState {
  const lastChangedMs = secondsToMs(cs.lc);
  return {
    entityId,
    state: cs.s,
    attributes: { ...cs.a },
    lastChangedMs,
    lastUpdatedMs: cs.lu === undefined ? lastChangedMs : secondsToMs(cs.lu),
  };
}

/**
 * Applies one entity's diff. A new `lc` moves both timestamps (the state changed), otherwise a
 * new `lu` moves last-updated only; `+.a` merges the changed attributes, `-.a` deletes names.
 */
export function applyDiff(prev: HaEntityState, diff: StateDiff): HaEntityState {
  const plus = diff["+"];
  const attributes: Record<string, unknown> = { ...prev.attributes, ...(plus?.a ?? {}) };
  for (const name of diff["-"]?.a ?? []) Reflect.deleteProperty(attributes, name);
  let { lastChangedMs, lastUpdatedMs } = prev;
  if (plus?.lc !== undefined) {
    lastChangedMs = secondsToMs(plus.lc);
    lastUpdatedMs = lastChangedMs;
  } else if (plus?.lu !== undefined) {
    lastUpdatedMs = secondsToMs(plus.lu);
  }
  return { entityId: prev.entityId, state: plus?.s ?? prev.state, attributes, lastChangedMs, lastUpdatedMs };
}

/**
 * Applies one event to `map` in place and returns whether anything changed. A diff for an
 * entity the map does not hold is ignored (HA never sends one; nothing to apply it to).
 */
export function applyEntitiesEvent(map: Map<string, HaEntityState>, ev: EntitiesEvent): boolean {
  let changed = false;
  for (const [id, cs] of Object.entries(ev.a ?? {})) {
    map.set(id, expandState(id, cs));
    changed = true;
  }
  for (const [id, diff] of Object.entries(ev.c ?? {})) {
    const prev = map.get(id);
    if (prev === undefined) continue;
    map.set(id, applyDiff(prev, diff));
    changed = true;
  }
  for (const id of ev.r ?? []) changed = map.delete(id) || changed;
  return changed;
}
