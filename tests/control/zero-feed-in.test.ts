import { describe, expect, it } from "vitest";
import { initialGridFilter, updateGridFilter } from "../../addon/src/control/filter.js";
import {
  applyDecision,
  controlStep,
  desiredSetpointW,
  initialControlState,
  type ControlInput,
  type ControlState,
  type ControlTuning,
} from "../../addon/src/control/zero-feed-in.js";

const tuning: ControlTuning = { targetGridW: 0, deadbandW: 25, maxStepW: 400, quantumW: 10, minWriteIntervalMs: 5_000, zeroBandW: 20 };
const zeroFeedIn = { minW: 0, maxW: 800 };

function input(over: Partial<ControlInput>): ControlInput {
  return { nowMs: 100_000, gridW: 0, filteredGridW: 0, observedHubW: 0, bounds: zeroFeedIn, tuning, ...over };
}

describe("grid filter", () => {
  it("drops a one-sample spike (median of three) before smoothing", () => {
    let f = initialGridFilter;
    for (const [w, t] of [[300, 0], [300, 1000], [2500, 2000], [300, 3000]] as const) f = updateGridFilter(f, w, t, 0);
    expect(f.filteredW).toBe(300);
  });
  it("smooths with a time constant independent of the sample rate", () => {
    // A step from 0 to 1000 W: after one time constant the EMA is at 1 − 1/e of the step,
    // whether the meter reports every 1 s or every 5 s.
    const run = (periodMs: number): number => {
      let f = updateGridFilter(initialGridFilter, 0, 0, 10_000);
      f = updateGridFilter(f, 0, periodMs, 10_000);
      for (let t = periodMs; t <= 10_000 + periodMs; t += periodMs) f = updateGridFilter(f, 1000, t + periodMs, 10_000);
      return f.filteredW ?? Number.NaN;
    };
    expect(run(1000)).toBeGreaterThan(500);
    expect(Math.abs(run(1000) - run(5000))).toBeLessThan(120);
  });
  it("ignores samples older than the last one", () => {
    const f = updateGridFilter(updateGridFilter(initialGridFilter, 100, 5000, 0), 900, 4000, 0);
    expect(f.filteredW).toBe(100);
  });
});

describe("desired set-point", () => {
  it.each([
    // filtered grid, observed hub, bounds, target → set-point
    { grid: 240, hub: 0, bounds: zeroFeedIn, target: 0, want: 240 },
    { grid: 240, hub: 300, bounds: zeroFeedIn, target: 0, want: 540 },
    { grid: -150, hub: 400, bounds: zeroFeedIn, target: 0, want: 250 },
    { grid: 1500, hub: 0, bounds: zeroFeedIn, target: 0, want: 800 },
    { grid: -500, hub: 0, bounds: zeroFeedIn, target: 0, want: 0 },
    { grid: 240, hub: 0, bounds: zeroFeedIn, target: 30, want: 210 },
    { grid: 244, hub: 0, bounds: zeroFeedIn, target: 0, want: 240 },
    { grid: 15, hub: 0, bounds: zeroFeedIn, target: 0, want: 0 },
    { grid: 240, hub: 0, bounds: { minW: 0, maxW: 0 }, target: 0, want: 0 },
    { grid: -800, hub: 0, bounds: { minW: -1000, maxW: 800 }, target: 0, want: -800 },
    { grid: 200, hub: 0, bounds: { minW: -600, maxW: -600 }, target: 0, want: -600 },
  ])("grid $grid W, hub $hub W, target $target W → $want W", ({ grid, hub, bounds, target, want }) => {
    const i = input({ filteredGridW: grid, observedHubW: hub, bounds, tuning: { ...tuning, targetGridW: target } });
    expect(desiredSetpointW(i, initialControlState)).toBe(want);
  });
  it("uses the last set-point when the hub's own power is unknown", () => {
    const state: ControlState = { setpointW: 300, lastWriteMs: 0 };
    expect(desiredSetpointW(input({ filteredGridW: 100, observedHubW: null }), state)).toBe(400);
  });
});

describe("control step", () => {
  it("writes the first set-point, then holds inside the deadband", () => {
    const first = controlStep(input({ filteredGridW: 240 }), initialControlState);
    expect(first).toMatchObject({ kind: "write", setpointW: 240, command: { kind: "battery_discharge", powerW: 240 } });
    const state = applyDecision(initialControlState, first, 100_000);
    const second = controlStep(input({ nowMs: 120_000, filteredGridW: 10, observedHubW: 240 }), state);
    expect(second).toEqual({ kind: "hold", desiredW: 250, why: "deadband" });
  });
  it("respects the minimum write interval", () => {
    const state: ControlState = { setpointW: 200, lastWriteMs: 98_000 };
    expect(controlStep(input({ filteredGridW: 300, observedHubW: 200 }), state)).toMatchObject({ kind: "hold", why: "rate_limit" });
  });
  it("limits the step per write (slew)", () => {
    const state: ControlState = { setpointW: 0, lastWriteMs: 0 };
    expect(controlStep(input({ filteredGridW: 800, observedHubW: 0 }), state)).toMatchObject({ kind: "write", setpointW: 400, desiredW: 800 });
  });
  it("applies shrinking bounds at once, even inside the rate limit", () => {
    const state: ControlState = { setpointW: 500, lastWriteMs: 99_000 };
    const d = controlStep(input({ filteredGridW: 0, observedHubW: 500, bounds: { minW: 0, maxW: 0 } }), state);
    expect(d).toMatchObject({ kind: "write", setpointW: 0, command: { kind: "battery_idle" } });
  });
  it("turns a negative set-point into AC charging with the reason's numbers", () => {
    const d = controlStep(input({ gridW: -700, filteredGridW: -650, observedHubW: 0, bounds: { minW: -1000, maxW: 800 } }), initialControlState);
    expect(d).toMatchObject({ kind: "write", setpointW: -400, command: { kind: "battery_ac_charge", powerW: 400, reason: { kind: "zero_feed_in", gridPowerW: -700, filteredGridW: -650 } } });
  });
  it("never leaves the bounds (generated cases)", () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const minW = -Math.round(rnd() * 1000);
      const maxW = Math.round(rnd() * 800);
      const state: ControlState = rnd() < 0.3 ? initialControlState : { setpointW: Math.round(rnd() * 2000 - 1000), lastWriteMs: rnd() < 0.5 ? 0 : 99_000 };
      const d = controlStep(input({ filteredGridW: rnd() * 6000 - 3000, observedHubW: rnd() < 0.2 ? null : rnd() * 1600 - 800, bounds: { minW, maxW } }), state);
      if (d.kind === "write") {
        expect(d.setpointW).toBeGreaterThanOrEqual(minW);
        expect(d.setpointW).toBeLessThanOrEqual(maxW);
      }
    }
  });
});
