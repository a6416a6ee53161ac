// Plug rules (addon/src/control/plugs.ts): hand-checked tables for minimum on/off times, the plan
// wish, pending commands, and manual toggles with their override window; then sequences that walk
// one plug through a day the way the controller does (observe → decide → afterDecision).
import { describe, expect, it } from "vitest";
import { present, missing } from "../../addon/src/domain/index.js";
import {
  afterDecision,
  commandReasonOf,
  decidePlug,
  initialPlugMemory,
  observePlug,
  PENDING_MS,
  type PlanWish,
  type PlugMemory,
  type PlugRules,
} from "../../addon/src/control/plugs.js";

const MIN = 60_000;
const rules: PlugRules = { id: "dish", minOnMs: 30 * MIN, minOffMs: 10 * MIN, overrideMs: 120 * MIN };
const T0 = 1_750_000_000_000;
const on = (slotStartMs = T0): PlanWish => ({ on: true, slotStartMs });
const off = (slotStartMs = T0): PlanWish => ({ on: false, slotStartMs });

function mem(over: Partial<PlugMemory>): PlugMemory {
  return { ...initialPlugMemory, ...over };
}

describe("decidePlug: one decision, hand-checked", () => {
  const cases: [string, PlugMemory, PlanWish, number, ReturnType<typeof decidePlug>][] = [
    ["never seen → leave", initialPlugMemory, on(), T0, { kind: "leave", why: "unknown_state" }],
    ["off, plan on, off long enough → switch on (plan slot)", mem({ observedOn: false, changedAtMs: T0 - 60 * MIN }), on(T0), T0, { kind: "switch", on: true, reason: { kind: "plan_slot", slotStartMs: T0 } }],
    ["off 9 min, min off 10 → wait until 10 min", mem({ observedOn: false, changedAtMs: T0 - 9 * MIN }), on(), T0, { kind: "leave", why: "min_off", untilMs: T0 + MIN }],
    ["off exactly 10 min → switch on", mem({ observedOn: false, changedAtMs: T0 - 10 * MIN }), on(), T0, { kind: "switch", on: true, reason: { kind: "plan_slot", slotStartMs: T0 } }],
    ["on 29 min, min on 30, plan off → wait", mem({ observedOn: true, changedAtMs: T0 - 29 * MIN }), off(), T0, { kind: "leave", why: "min_on", untilMs: T0 + MIN }],
    ["on 30 min, plan off → switch off", mem({ observedOn: true, changedAtMs: T0 - 30 * MIN }), off(), T0, { kind: "switch", on: false, reason: { kind: "plan_slot", slotStartMs: T0 } }],
    ["on, plan on → nothing to send", mem({ observedOn: true, changedAtMs: T0 - MIN }), on(), T0, { kind: "leave", why: "matches" }],
    ["no plan slot → leave as it is", mem({ observedOn: true, changedAtMs: T0 - 90 * MIN }), null, T0, { kind: "leave", why: "no_plan" }],
    ["our 'on' still pending (20 s) → not sent again", mem({ observedOn: false, changedAtMs: T0 - 60 * MIN, commanded: { on: true, atMs: T0 - 20_000 } }), on(), T0, { kind: "leave", why: "pending" }],
    ["pending expired → sent again", mem({ observedOn: false, changedAtMs: T0 - 60 * MIN, commanded: { on: true, atMs: T0 - PENDING_MS - 1 } }), on(), T0, { kind: "switch", on: true, reason: { kind: "plan_slot", slotStartMs: T0 } }],
    ["manual override running → hands off even against min times", mem({ observedOn: true, changedAtMs: T0 - 5 * MIN, override: { untilMs: T0 + 115 * MIN, on: true } }), off(), T0, { kind: "leave", why: "manual_override", untilMs: T0 + 115 * MIN }],
    ["override over, plan differs → switch, reason override ended", mem({ observedOn: true, changedAtMs: T0 - 120 * MIN, override: { untilMs: T0, on: true } }), off(T0), T0, { kind: "switch", on: false, reason: { kind: "override_ended", slotStartMs: T0 } }],
    ["override over, plan agrees → nothing sent", mem({ observedOn: true, changedAtMs: T0 - 120 * MIN, override: { untilMs: T0, on: true } }), on(), T0, { kind: "leave", why: "matches" }],
  ];
  it.each(cases)("%s", (_name, m, wish, nowMs, want) => {
    expect(decidePlug(m, wish, rules, nowMs)).toEqual(want);
  });
});

describe("observePlug: ours or a person's", () => {
  it("first sight takes the switch's own timestamp as the last change", () => {
    const r = observePlug(initialPlugMemory, present(true, T0 - 5 * MIN, "switch.dish"), T0, rules);
    expect(r.change).toBe("first_seen");
    expect(r.mem).toEqual(mem({ observedOn: true, changedAtMs: T0 - 5 * MIN }));
  });
  it("a change matching our pending command is ours: no override", () => {
    const m = mem({ observedOn: false, changedAtMs: T0 - 60 * MIN, commanded: { on: true, atMs: T0 - 2000 } });
    const r = observePlug(m, present(true, T0, "switch.dish"), T0, rules);
    expect(r.change).toBe("ours");
    expect(r.mem).toEqual(mem({ observedOn: true, changedAtMs: T0 }));
  });
  it("a change nobody commanded is manual: override for overrideMs", () => {
    const m = mem({ observedOn: false, changedAtMs: T0 - 60 * MIN });
    const r = observePlug(m, present(true, T0, "switch.dish"), T0, rules);
    expect(r.change).toBe("manual");
    expect(r.mem.override).toEqual({ untilMs: T0 + 120 * MIN, on: true });
  });
  it("a change against our pending command is manual too", () => {
    const m = mem({ observedOn: true, changedAtMs: T0 - 60 * MIN, commanded: { on: true, atMs: T0 - 1000 } });
    expect(observePlug(m, present(false, T0, "switch.dish"), T0, rules).change).toBe("manual");
  });
  it("an unavailable switch changes nothing", () => {
    const m = mem({ observedOn: true, changedAtMs: T0 - MIN });
    const r = observePlug(m, missing({ kind: "unavailable" }, "switch.dish", T0), T0, rules);
    expect(r).toEqual({ mem: m, change: "none" });
  });
});

describe("a plug through a day (controller order: observe → decide → afterDecision)", () => {
  /** Runs one step; `seen` is the switch state HA shows at `nowMs`. Returns the decision. */
  function stepper() {
    let m: PlugMemory = initialPlugMemory;
    return (seen: boolean, wish: PlanWish, nowMs: number) => {
      m = observePlug(m, present(seen, nowMs, "switch.dish"), nowMs, rules).mem;
      const d = decidePlug(m, wish, rules, nowMs);
      m = afterDecision(m, d, nowMs);
      return d;
    };
  }

  it("switches on as planned once, then respects min on time, then off", () => {
    const step = stepper();
    expect(step(false, off(), T0).kind).toBe("leave");
    expect(step(false, on(T0 + 15 * MIN), T0 + 15 * MIN)).toMatchObject({ kind: "switch", on: true });
    // Before HA shows it: pending, nothing sent twice.
    expect(step(false, on(), T0 + 15 * MIN + 1000)).toEqual({ kind: "leave", why: "pending" });
    expect(step(true, on(), T0 + 15 * MIN + 3000)).toEqual({ kind: "leave", why: "matches" });
    // Plan says off 15 min later: min on (30 min from T0+15min+3s) holds it.
    expect(step(true, off(), T0 + 30 * MIN)).toMatchObject({ kind: "leave", why: "min_on" });
    expect(step(true, off(), T0 + 45 * MIN + 3000)).toMatchObject({ kind: "switch", on: false });
  });

  it("a person switches it off mid-run: left alone 120 min, then the plan takes over with reason override ended", () => {
    const step = stepper();
    step(true, on(), T0);
    expect(step(false, on(), T0 + 10 * MIN)).toEqual({ kind: "leave", why: "manual_override", untilMs: T0 + 130 * MIN });
    expect(step(false, on(), T0 + 129 * MIN)).toMatchObject({ why: "manual_override" });
    const back = step(false, on(T0 + 120 * MIN), T0 + 130 * MIN);
    expect(back).toEqual({ kind: "switch", on: true, reason: { kind: "override_ended", slotStartMs: T0 + 120 * MIN } });
    // The switch shows our command: ours, no new override.
    expect(step(true, on(), T0 + 130 * MIN + 2000)).toEqual({ kind: "leave", why: "matches" });
  });

  it("with overrideMs 0 the plan takes over on the next step", () => {
    let m = mem({ observedOn: false, changedAtMs: T0 - 60 * MIN });
    const zero = { ...rules, overrideMs: 0, minOnMs: 0 };
    m = observePlug(m, present(true, T0, "switch.dish"), T0, zero).mem;
    expect(decidePlug(m, off(), zero, T0)).toMatchObject({ kind: "switch", on: false, reason: { kind: "override_ended" } });
  });
});

describe("command reasons", () => {
  it.each([
    [{ kind: "plan_slot", slotStartMs: 5 } as const, true, { kind: "plan", slotStartMs: 5, action: "plug_on" }],
    [{ kind: "plan_slot", slotStartMs: 5 } as const, false, { kind: "plan", slotStartMs: 5, action: "plug_off" }],
    [{ kind: "override_ended", slotStartMs: 7 } as const, true, { kind: "plan", slotStartMs: 7, action: "plug_on (manual override ended)" }],
  ])("%j on=%s → %j", (reason, isOn, want) => {
    expect(commandReasonOf(reason, isOn)).toEqual(want);
  });
});
