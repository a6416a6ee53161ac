/**
 * Expansion of the compressed subscribe_entities stream into HaEntityState, replaying the
 * messages HA core's own tests expect:
 * /work/shared/data/ha-websocket/ha-websocket-subscribe-entities-core-tests.json
 * ("<context-id>" / "<unix-float>" placeholders replaced by concrete values).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { HaEntityState } from "../../addon/src/domain/index.js";
import { applyEntitiesEvent, entitiesEventSchema } from "../../addon/src/ha/entities.js";

interface Recorded {
  sequence: { dir: string; msg: { type: string; event?: unknown } }[];
  empty_initial: { event: unknown };
}

const recorded = JSON.parse(readFileSync("/work/shared/data/ha-websocket/ha-websocket-subscribe-entities-core-tests.json", "utf8")) as Recorded;

/** Replaces placeholders: each "<unix-float>" by the next of `times`, contexts by ids. */
function concretize(v: unknown, times: number[]): unknown {
  if (v === "<unix-float>") return times.shift();
  if (v === "<context-id>") return "01HCTX0000000000000000000A";
  if (Array.isArray(v)) return v.map((x) => concretize(x, times));
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, concretize(x, times)]));
  return v;
}

describe("subscribe_entities expansion (HA core test sequence)", () => {
  const times = [1718445600.123456, 1718445601.5, 1718445602.25, 1718445603.75];
  const events = recorded.sequence
    .filter((s) => s.dir === "s2c" && s.msg.type === "event")
    .map((s) => entitiesEventSchema.parse(concretize(s.msg.event, times)));

  it("has the five recorded events", () => {
    expect(events).toHaveLength(5);
  });

  it("applies add, attribute change, attribute removal, state change and removal", () => {
    const map = new Map<string, HaEntityState>();
    const expected: (HaEntityState | undefined)[] = [
      { entityId: "light.permitted", state: "on", attributes: { color: "red" }, lastChangedMs: 1718445600123, lastUpdatedMs: 1718445600123 },
      { entityId: "light.permitted", state: "on", attributes: { color: "yellow" }, lastChangedMs: 1718445600123, lastUpdatedMs: 1718445601500 },
      { entityId: "light.permitted", state: "on", attributes: { effect: "help" }, lastChangedMs: 1718445602250, lastUpdatedMs: 1718445602250 },
      { entityId: "light.permitted", state: "off", attributes: { effect: "help" }, lastChangedMs: 1718445603750, lastUpdatedMs: 1718445603750 },
      undefined,
    ];
    events.forEach((ev, i) => {
      expect(applyEntitiesEvent(map, ev)).toBe(true);
      expect(map.get("light.permitted"), `after event ${i}`).toEqual(expected[i]);
    });
    expect(map.size).toBe(0);
  });

  it("an empty initial event yields an empty map; a diff for an unknown entity is ignored", () => {
    const map = new Map<string, HaEntityState>();
    applyEntitiesEvent(map, entitiesEventSchema.parse(recorded.empty_initial.event));
    expect(map.size).toBe(0);
    expect(applyEntitiesEvent(map, { c: { "sensor.x": { "+": { s: "1", lu: 1 } } } })).toBe(false);
    expect(map.size).toBe(0);
  });

  it("rejects malformed events at the boundary", () => {
    expect(entitiesEventSchema.safeParse({ a: { "sensor.x": { s: 1, a: {}, lc: 1 } } }).success).toBe(false);
    expect(entitiesEventSchema.safeParse({ r: "sensor.x" }).success).toBe(false);
    expect(entitiesEventSchema.safeParse({ c: { "sensor.x": { "+": { lc: "yesterday" } } } }).success).toBe(false);
  });
});
