// Pure price helpers: resampling, finest-wins merge, import/export formulas, TOU tariffs, zones.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exportPrice, importPrice, plannerPrices } from "../../addon/src/sources/price-formula.js";
import { normalizeSlots, preferFinest, resamplePrices } from "../../addon/src/sources/slot-ops.js";
import { tariffSource, touSlots } from "../../addon/src/sources/tariffs.js";
import { localToEpochMs, parseIsoMs, startOfLocalDay } from "../../addon/src/sources/zoned-time.js";
import type { PriceSeries, PriceSlot } from "../../addon/src/domain/index.js";

const Q = 900_000;
const H = 3_600_000;
const slot = (startMs: number, endMs: number, priceEurPerKWh: number): PriceSlot => ({ startMs, endMs, priceEurPerKWh });

describe("preferFinest", () => {
  it("a finer series wins where present, the coarser fills the rest; never summed", () => {
    const hourly = [slot(0, H, 0.1), slot(H, 2 * H, 0.2)];
    const quarters = [slot(0, Q, 0.01), slot(Q, 2 * Q, 0.02), slot(2 * Q, 3 * Q, 0.03), slot(3 * Q, H, 0.04), slot(H, H + Q, 0.05)];
    expect(preferFinest([hourly, quarters])).toEqual([...quarters, slot(H + Q, 2 * H, 0.2)]);
  });

  // Oracle per minute: the covering input of the shortest duration wins, then the earliest
  // start, then the first listed. The result is sorted, non-overlapping, and covers exactly
  // the minutes some input covers.
  it("at every minute: the finest covering slot's price, nothing where no input covers", () => {
    const M = 60_000;
    const slotArb = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.constantFrom(1, 2, 3, 5, 15, 30), fc.integer({ min: 0, max: 99 })).map(([start, len, p]) => slot(start * M, (start + len) * M, p));
    fc.assert(fc.property(fc.array(fc.array(slotArb, { maxLength: 12 }), { maxLength: 3 }), (groups) => {
      const out = preferFinest(groups);
      const flat = groups.flat();
      for (let i = 1; i < out.length; i++) expect((out[i]?.startMs ?? 0) >= (out[i - 1]?.endMs ?? 0)).toBe(true);
      for (let t = 0; t < 91 * M; t += M) {
        const winner = flat
          .filter((s) => s.startMs <= t && t < s.endMs)
          .sort((a, b) => a.endMs - a.startMs - (b.endMs - b.startMs) || a.startMs - b.startMs)[0];
        const got = out.find((s) => s.startMs <= t && t < s.endMs);
        expect(got?.priceEurPerKWh, `minute ${t / M}`).toBe(winner?.priceEurPerKWh);
      }
    }), { numRuns: 300 });
  });
});

describe("resamplePrices", () => {
  it("time-weighted; a half-covered output slot (partial day end) is not emitted", () => {
    const s = [slot(0, 30 * 60_000, 0.1), slot(30 * 60_000, H, 0.3), slot(H, H + 30 * 60_000, 0.5)];
    expect(resamplePrices(s, H)).toEqual([slot(0, H, 0.2)]);
    expect(resamplePrices(s, Q).map((x) => x.priceEurPerKWh)).toEqual([0.1, 0.1, 0.3, 0.3, 0.5, 0.5]);
  });
  it("a gap stays a gap", () => {
    expect(resamplePrices([slot(0, H, 1), slot(2 * H, 3 * H, 2)], H)).toEqual([slot(0, H, 1), slot(2 * H, 3 * H, 2)]);
  });
});

describe("normalizeSlots", () => {
  it("sorts, drops empty/NaN slots and later overlaps", () => {
    const out = normalizeSlots([slot(H, 2 * H, 2), slot(0, H, 1), slot(30 * 60_000, 90 * 60_000, 9), slot(5, 5, 1), slot(3 * H, 4 * H, NaN)], (x) => x.priceEurPerKWh);
    expect(out).toEqual([slot(0, H, 1), slot(H, 2 * H, 2)]);
  });
});

describe("price formulas", () => {
  it.each([
    // spot, fee, taxes, vat%, expected (hand-computed)
    [0.1, 0.08, 0.02, 20, 0.24],
    [-0.5, 0.08, 0.02, 20, -0.48],
    [0, 0, 0, 0, 0],
  ])("import(%s, fee %s, tax %s, VAT %s%%) = %s", (spot, fee, tax, vat, expected) => {
    expect(importPrice(spot, { gridFeeEurPerKWh: fee, taxesEurPerKWh: tax, vatPct: vat })).toBeCloseTo(expected, 12);
  });

  it("export: fixed feed-in, or spot × factor + offset with an optional zero floor", () => {
    expect(exportPrice(-0.3, { kind: "fixed", feedInEurPerKWh: 0.08 })).toBe(0.08);
    expect(exportPrice(-0.3, { kind: "spot", factor: 1, offsetEurPerKWh: -0.01, floorAtZero: false })).toBeCloseTo(-0.31, 12);
    expect(exportPrice(-0.3, { kind: "spot", factor: 1, offsetEurPerKWh: -0.01, floorAtZero: true })).toBe(0);
  });

  it("plannerPrices: spot gets the formula, retail passes through; past slots dropped; resampled", () => {
    const base: PriceSeries = { source: "t", fetchedAtMs: 0, kind: "spot", currency: "EUR", slots: [slot(0, H, 0.1), slot(H, 2 * H, 0.2)] };
    const imp = { gridFeeEurPerKWh: 0.1, taxesEurPerKWh: 0, vatPct: 10 };
    const exp = { kind: "fixed", feedInEurPerKWh: 0.05 } as const;
    const p = plannerPrices(base, imp, exp, 30 * 60_000, H);
    expect(p.importSlots.map((x) => [x.startMs / H, x.priceEurPerKWh])).toEqual([[1, expect.closeTo(0.33, 12)], [1.5, expect.closeTo(0.33, 12)]]);
    expect(p.exportSlots.map((x) => x.priceEurPerKWh)).toEqual([0.05, 0.05]);
    const retail = plannerPrices({ ...base, kind: "retail" }, imp, exp, H, 0);
    expect(retail.importSlots.map((x) => x.priceEurPerKWh)).toEqual([0.1, 0.2]);
  });
});

describe("time-of-use tariffs and zones", () => {
  it("night band wrapping midnight, Vienna spring DST day has 92 quarters", () => {
    const zone = "Europe/Vienna";
    const day = localToEpochMs(zone, 2026, 3, 29);
    const next = localToEpochMs(zone, 2026, 3, 30);
    expect((next - day) / Q).toBe(92);
    const slots = touSlots([{ from: "22:00", to: "06:00", priceEurPerKWh: 0.2 }], 0.3, zone, day, 23, 15);
    expect(slots).toHaveLength(92);
    // Local 00:00–06:00 on this day is 5 real hours (02:00 skipped): 20 quarters at 0.2, then 0.3.
    // …and 22:00–24:00 is 2 h (8 quarters) at 0.2 again: 20 + 64 + 8 = 92.
    expect(slots.filter((x) => x.priceEurPerKWh === 0.2)).toHaveLength(20 + 8);
    expect(slots[20]!.priceEurPerKWh).toBe(0.3);
    expect(slots[20]!.startMs).toBe(localToEpochMs(zone, 2026, 3, 29, 6));
  });

  it("autumn day has 100 quarters; an ambiguous 02:30 maps to the summer-time instant", () => {
    const zone = "Europe/Vienna";
    expect((localToEpochMs(zone, 2025, 10, 27) - localToEpochMs(zone, 2025, 10, 26)) / Q).toBe(100);
    expect(localToEpochMs(zone, 2025, 10, 26, 2, 30)).toBe(Date.UTC(2025, 9, 26, 0, 30));
    expect(localToEpochMs(zone, 2025, 10, 26, 3)).toBe(Date.UTC(2025, 9, 26, 2));
    expect(startOfLocalDay(Date.UTC(2025, 9, 26, 22, 59), zone)).toBe(Date.UTC(2025, 9, 25, 22));
  });

  it("fixed tariff source: 48 h of retail slots", async () => {
    const r = await tariffSource([], 0.3, "Europe/Berlin").fetch(Date.UTC(2026, 0, 1, 0, 7));
    expect(r.kind === "ok" && [r.value.slots.length, r.value.kind, r.value.slots[0]?.startMs]).toEqual([192, "retail", Date.UTC(2026, 0, 1)]);
  });

  it.each([
    ["2024-08-20 00:00:00+02:00", Date.UTC(2024, 7, 19, 22)],
    ["2025-01-04T00:00:00.000+01:00", Date.UTC(2025, 0, 3, 23)],
    ["2024-12-26T17:30:00.0000000Z", Date.UTC(2024, 11, 26, 17, 30)],
    ["2024-10-05T22:00Z", Date.UTC(2024, 9, 5, 22)],
    ["2022-10-24 08:00:00", Date.UTC(2022, 9, 24, 8)],
    ["nonsense", null],
  ])("parseIsoMs(%s)", (text, expected) => {
    expect(parseIsoMs(text)).toBe(expected);
  });
});

describe("resample invariants (property)", () => {
  it("on fully covered input, the time-weighted mean over the covered span is preserved at any step", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -500, max: 1000 }), { minLength: 4, maxLength: 200 }),
        fc.constantFrom(1, 2, 4),
        (prices, hoursPerOut) => {
          const n = prices.length - (prices.length % (4 * hoursPerOut));
          if (n === 0) return;
          const slots = prices.slice(0, n).map((p, i) => slot(i * Q, (i + 1) * Q, p / 1000));
          const out = resamplePrices(slots, hoursPerOut * H);
          expect(out).toHaveLength(n / (4 * hoursPerOut));
          const meanIn = slots.reduce((a, s) => a + s.priceEurPerKWh, 0) / slots.length;
          const meanOut = out.reduce((a, s) => a + s.priceEurPerKWh, 0) / out.length;
          expect(meanOut).toBeCloseTo(meanIn, 9);
          // Back to quarters: the grid is complete again.
          expect(resamplePrices(out, Q)).toHaveLength(n);
        },
      ),
      { numRuns: 200 },
    );
  });
});
