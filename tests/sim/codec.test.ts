/**
 * The simulated server's compressed stream round-trips: whatever sequence of writes the
 * registry sees, a client that applies the `a`/`c` messages (addon/src/ha/entities.ts) ends
 * with exactly the server's states. Message shapes as in
 * /work/shared/data/ha-websocket/ha-websocket-subscribe-entities-core-tests.json.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HaEntityState } from "../../addon/src/domain/index.js";
import { applyEntitiesEvent, entitiesEventSchema } from "../../addon/src/ha/entities.js";
import { SimClock } from "../../addon/src/sim/clock.js";
import { entitiesMessage } from "../../addon/src/sim/commands.js";
import { EntityRegistry } from "../../addon/src/sim/registry.js";
import { compressState, diffStates, type SimState } from "../../addon/src/sim/state.js";

const base: SimState = {
  entityId: "light.permitted",
  state: "on",
  attributes: { color: "red" },
  lastChangedMs: 1000,
  lastUpdatedMs: 1000,
  lastReportedMs: 1000,
  context: { id: "CTX1", parentId: null, userId: null },
};

describe("diffStates produces HA's diff shape", () => {
  it("attribute change only → lu and the changed attribute", () => {
    const n = { ...base, attributes: { color: "yellow" }, lastUpdatedMs: 2000, context: { ...base.context, id: "CTX2" } };
    expect(diffStates(base, n)).toEqual({ "+": { lu: 2, c: "CTX2", a: { color: "yellow" } } });
  });

  it("state change with a removed attribute → s, lc, and '-'", () => {
    const n = { ...base, state: "off", attributes: { effect: "help" }, lastChangedMs: 3000, lastUpdatedMs: 3000, context: { ...base.context, id: "CTX3" } };
    expect(diffStates(base, n)).toEqual({ "+": { s: "off", lc: 3, c: "CTX3", a: { effect: "help" } }, "-": { a: ["color"] } });
  });

  it("a user context is sent as an object of the changed parts", () => {
    const n = { ...base, lastUpdatedMs: 2000, attributes: { color: "blue" }, context: { id: "CTX4", parentId: null, userId: "u1" } };
    expect(diffStates(base, n)["+"].c).toEqual({ user_id: "u1", id: "CTX4" });
    expect(compressState(n)).toEqual({ s: "on", a: { color: "blue" }, c: { id: "CTX4", parent_id: null, user_id: "u1" }, lc: 1, lu: 2 });
  });
});

describe("registry → compressed messages → client map round trip", () => {
  it("holds for random write sequences", () => {
    const write = fc.record({
      id: fc.constantFrom("sensor.a", "sensor.b", "light.c"),
      state: fc.constantFrom("on", "off", "12.5", "unavailable"),
      attrs: fc.dictionary(fc.constantFrom("x", "y", "z"), fc.oneof(fc.integer(), fc.constant(null), fc.constantFrom("p", "q"))),
      dtMs: fc.integer({ min: 0, max: 5000 }),
      user: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(write, { maxLength: 40 }), (writes) => {
        const clock = new SimClock(1_700_000_000_000, "manual");
        const reg = new EntityRegistry(clock);
        const client = new Map<string, HaEntityState>();
        reg.onChange((ch) => {
          const msg = entitiesMessage(ch, null);
          applyEntitiesEvent(client, entitiesEventSchema.parse(msg));
        });
        for (const w of writes) {
          clock.advance(w.dtMs);
          reg.write(w.id, { state: w.state, attributes: w.attrs }, w.user ? reg.newContext("user") : undefined);
        }
        for (const s of reg.all()) {
          expect(client.get(s.entityId)).toEqual({
            entityId: s.entityId,
            state: s.state,
            attributes: s.attributes,
            lastChangedMs: s.lastChangedMs,
            lastUpdatedMs: s.lastUpdatedMs,
          });
        }
        expect(client.size).toBe(reg.all().length);
      }),
      { numRuns: 100 },
    );
  });

  it("a filter drops other entities; unavailable and freeze hooks behave", () => {
    const clock = new SimClock(0, "manual");
    const reg = new EntityRegistry(clock);
    const seen: unknown[] = [];
    reg.onChange((ch) => {
      const m = entitiesMessage(ch, new Set(["sensor.a"]));
      if (m !== null) seen.push(m);
    });
    reg.write("sensor.a", { state: "1" });
    reg.write("sensor.b", { state: "2" });
    expect(seen).toHaveLength(1);
    reg.setUnavailable("sensor.a", true);
    clock.advance(1000);
    reg.write("sensor.a", { state: "3" });
    expect(reg.get("sensor.a")?.state).toBe("unavailable");
    reg.setUnavailable("sensor.a", false);
    reg.write("sensor.a", { state: "4" });
    expect(reg.get("sensor.a")?.state).toBe("4");
    reg.freeze("sensor.a");
    clock.advance(1000);
    reg.write("sensor.a", { state: "5" });
    expect(reg.get("sensor.a")).toMatchObject({ state: "4", lastUpdatedMs: 1000 });
    expect(seen).toHaveLength(3);
  });
});
