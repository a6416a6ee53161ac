/**
 * Chart data (lovelace-card/src/card/chart-data.ts): hand-made payloads for exact geometry, and
 * invariants on a real plan (tests/card/support/real-plan.ts: EMHASS household of
 * /work/shared/data/emhass/derived/bench_scenarios_48h.json, planned by HiGHS, toCardPayload).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { CardPayload } from "../../addon/src/domain/card-payload.js";
import { CHART_W, POWER_H, POWER_TOP, PRICE_H, PRICE_TOP, chartModel, linePath, minutesOfDayIn, slotAction, stepSelection, windowOf } from "../../lovelace-card/src/card/chart-data.js";
import { chargeReason, holdReason, payload, T0 } from "./support/payload.js";
import { realCardPayload } from "./support/real-plan.js";

const Q = 15 * 60_000;
const berlin = minutesOfDayIn("Europe/Berlin");

describe("windowOf", () => {
  const p = payload({ n: 192 });
  it.each([
    ["before the plan", T0 - 3_600_000, 24, 0, 96],
    ["at the start", T0, 24, 0, 96],
    ["inside slot 5", T0 + 5 * Q + 60_000, 24, 5, 96],
    ["near the end: what is left", T0 + 150 * Q, 24, 150, 42],
    ["after the end: the last slot", T0 + 500 * Q, 6, 191, 1],
    ["48 h", T0, 48, 0, 192],
  ])("%s", (_what, now, hours, first, count) => {
    expect(windowOf(p, now, hours)).toEqual({ first, count });
  });
});

describe("slotAction", () => {
  const p = payload({ batteryW: [0, 300, -300, -300, 10, 0, 0, 0], gridW: [300, 0, 0, 400, 290, 300, 300, 300], reasons: [chargeReason(5, 2)] });
  it.each([[0, "idle"], [1, "discharge"], [2, "charge"], [3, "grid_charge"], [4, "idle"], [5, "grid_charge"], [6, "grid_charge"], [7, "idle"]] as const)("slot %d → %s", (i, a) => {
    expect(slotAction(p, i)).toBe(a);
  });
});

describe("linePath", () => {
  it("breaks the line at nulls", () => {
    expect(linePath([[0, 1], [10, 2], [20, null], [30, 4], [40.04, 5.06]])).toBe("M0 1L10 2M30 4L40 5.1");
  });
});

describe("chartModel on a hand-made payload", () => {
  const p = payload({
    importP: [100, 200, 400, null, -50, 300, 300, 300],
    batteryW: [0, -800, 400, 0, 0, 0, 0, 0],
    pvW: [0, 0, 800, 800, null, 0, 0, 0],
    socPct: [50, 60, 55, 55, 55, 55, 55, 55],
    plugs: [{ id: "dishwasher", w: 1850, runs: [[1, 2], [6, 4]] }],
    reasons: [holdReason(0, 8)],
  });
  const m = chartModel(p, { nowMs: T0 + 7.5 * 60_000, hours: 2, minutesOfDay: berlin });

  it("lays the window's slots side by side over the full width", () => {
    expect(m.slots.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(m.slots.map((s) => s.x)).toEqual([0, 60, 120, 180, 240, 300, 360, 420].map((x) => x * (CHART_W / 480)));
  });

  it("scales price bars to the window's range with negatives below the zero line", () => {
    const zero = PRICE_TOP + (400 / 450) * PRICE_H; // max 400, min -50
    expect(m.priceZeroY).toBeCloseTo(zero, 1);
    const s2 = m.slots[2];
    expect(s2?.priceY).toBeCloseTo(PRICE_TOP, 1);
    expect(s2?.priceH).toBeCloseTo(zero - PRICE_TOP, 1);
    expect((m.slots[1]?.priceH ?? 0) / (s2?.priceH ?? 1)).toBeCloseTo(0.5, 2);
    expect(m.slots[4]?.priceY).toBeCloseTo(zero, 1);
    expect(m.slots[4]?.priceH).toBeCloseTo((50 / 450) * PRICE_H, 1);
    expect(m.slots[3]?.priceH).toBe(0);
    // Terciles of the known prices (-50 100 200 300 300 300 400): cheap ≤ 200, dear ≥ 300.
    expect(m.slots.map((s) => s.level)).toEqual(["cheap", "cheap", "dear", "none", "cheap", "dear", "dear", "dear"]);
  });

  it("draws battery bars around the power centre: charge below, discharge above", () => {
    const half = POWER_H / 2;
    expect(m.powerMidY).toBe(POWER_TOP + half);
    expect(m.powerScaleW).toBe(800);
    expect([m.slots[1]?.batteryY, m.slots[1]?.batteryH]).toEqual([m.powerMidY, half]);
    expect([m.slots[2]?.batteryY, m.slots[2]?.batteryH]).toEqual([m.powerMidY - half / 2, half / 2]);
  });

  it("starts the SOC line at the previous slot's end and breaks PV at unknown slots", () => {
    const y = (pct: number): number => Math.round((PRICE_TOP + PRICE_H - (pct / 100) * PRICE_H) * 10) / 10;
    expect(m.socPath.startsWith(`M0 ${y(50)}L60 ${y(50)}L120 ${y(60)}`)).toBe(true);
    const later = chartModel(p, { nowMs: T0 + 2 * Q, hours: 2, minutesOfDay: berlin });
    expect(later.socPath.startsWith(`M0 ${y(60)}L80 ${y(55)}`)).toBe(true); // 6 slots left, 80 wide
    expect(m.pvPath.match(/M/g)).toHaveLength(2);
  });

  it("marks now and clips plug runs to the window", () => {
    expect(m.nowX).toBe(30); // 7.5 of 120 minutes
    expect(m.plugs).toEqual([{ id: "dishwasher", row: 0, x: 60, w: 120 }, { id: "dishwasher", row: 0, x: 360, w: 120 }]);
  });

  it("puts ticks every 3 local hours (00:00 Berlin at the left edge is left out)", () => {
    const long = chartModel(payload({ n: 16 }), { nowMs: T0, hours: 4, minutesOfDay: berlin });
    expect(long.ticks).toEqual([{ x: 360, label: "03" }]);
    const utc = chartModel(payload({ n: 16 }), { nowMs: T0, hours: 4, minutesOfDay: minutesOfDayIn("UTC") }); // starts 22:00 UTC
    expect(utc.ticks).toEqual([{ x: 240, label: "00" }]);
  });
});

describe("chartModel on a real plan (invariants)", () => {
  let real: CardPayload;
  beforeAll(async () => {
    real = await realCardPayload();
  }, 30_000);

  it.each([[0, 24], [17.5, 24], [30, 48], [40, 24]])("from hour %d for %d h", (fromH, hours) => {
    const nowMs = real.startMs + fromH * 3_600_000;
    const m = chartModel(real, { nowMs, hours, minutesOfDay: minutesOfDayIn("Europe/Paris") });
    const { first, count } = windowOf(real, nowMs, hours);
    expect(m.slots).toHaveLength(count);
    expect(count).toBe(Math.min(hours * 4, real.socPct.length - first));
    const widths = m.slots.reduce((a, s) => a + s.w, 0);
    expect(widths).toBeCloseTo(CHART_W, 0);
    for (const s of m.slots) {
      expect(s.priceY).toBeGreaterThanOrEqual(PRICE_TOP - 0.1);
      expect(s.priceY + s.priceH).toBeLessThanOrEqual(PRICE_TOP + PRICE_H + 0.1);
      expect(s.batteryY).toBeGreaterThanOrEqual(POWER_TOP - 0.1);
      expect(s.batteryY + s.batteryH).toBeLessThanOrEqual(POWER_TOP + POWER_H + 0.1);
      const b = real.batteryW[s.index] ?? 0;
      if (b > 0) expect(s.batteryY + s.batteryH).toBeCloseTo(m.powerMidY, 1);
      if (b < 0) expect(s.batteryY).toBeCloseTo(m.powerMidY, 1);
    }
    const soc = [...m.socPath.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((x) => Number(x[2]));
    expect(soc).toHaveLength(count + 1);
    expect(Math.min(...soc)).toBeGreaterThanOrEqual(PRICE_TOP);
    expect(Math.max(...soc)).toBeLessThanOrEqual(PRICE_TOP + PRICE_H);
    const hourLabels = m.ticks.map((t) => Number(t.label));
    expect(hourLabels.every((h) => h % (hours > 24 ? 6 : 3) === 0)).toBe(true);
    expect(m.nowX).toBeGreaterThanOrEqual(0);
  });
});

describe("stepSelection (arrow keys)", () => {
  const m = chartModel(payload({ n: 8 }), { nowMs: T0 + 2 * Q, hours: 2, minutesOfDay: berlin }); // slots 2..7
  it.each([
    [null, 1, 2], [null, -1, 7], [4, 1, 5], [4, -1, 3], [7, 1, 7], [2, -1, 2],
  ] as const)("from %s by %d → %d", (sel, delta, expected) => {
    expect(stepSelection(m, sel, delta)).toBe(expected);
  });
});

describe("power scale", () => {
  it("fits every battery bar but does not let one load spike flatten them (lines are clipped)", () => {
    const loadW = [300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 5000];
    const p = payload({ n: 21, loadW, batteryW: loadW.map((_, i) => (i === 3 ? -640 : 0)), pvW: loadW.map(() => 0) });
    const m = chartModel(p, { nowMs: T0, hours: 6, minutesOfDay: berlin });
    expect(m.powerScaleW).toBe(640);
    expect(m.slots[3]?.batteryH).toBe(POWER_H / 2);
    const ys = [...m.loadPath.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((x) => Number(x[1]));
    expect(Math.min(...ys)).toBe(POWER_TOP); // the 5 kW spike is clipped at the panel's top
  });
});
