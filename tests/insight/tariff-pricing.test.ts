// Tariff pricing (fixed, day/night across a DST change, dynamic formula, spot feed-in), the
// `tariffs` option group and the month-of-year extrapolation, each checked by hand.
import { describe, expect, it } from "vitest";
import { optionsSchema } from "../../addon/src/config/schema.js";
import { DAYS_PER_MONTH, estimateYear } from "../../addon/src/insight/extrapolate.js";
import type { SiteSlot } from "../../addon/src/insight/site-data.js";
import { needsSpot, pricedSlots, tariffPrices, type Tariff } from "../../addon/src/insight/tariff.js";

const H = 3_600_000;
function slots(startIso: string, n: number, stepMs: number, spot: (i: number) => number | null = () => null): SiteSlot[] {
  const t0 = Date.parse(startIso);
  return Array.from({ length: n }, (_, i) => ({ startMs: t0 + i * stepMs, endMs: t0 + (i + 1) * stepMs, loadW: 100, pvW: 0, pvForecastW: null, spotEurPerKWh: spot(i) }));
}

const feedIn = { kind: "fixed", feedInEurPerKWh: 0.08 } as const;

describe("tariffPrices", () => {
  it("day/night follows the local wall clock on the spring DST day (Europe/Berlin, 2024-03-31)", () => {
    const t: Tariff = { name: "tou", import: { kind: "tou", bands: [{ from: "22:00", to: "06:00", priceEurPerKWh: 0.26 }], defaultPriceEurPerKWh: 0.34 }, export: feedIn, standingEurPerMonth: 10 };
    // Local midnight 2024-03-31 is 23:00Z the day before; the day has 23 hours.
    const p = tariffPrices(t, slots("2024-03-30T23:00:00Z", 23, H), "Europe/Berlin");
    const imp = [...p.importEurPerKWh];
    // Local hours 00,01,03,04,05 (02:00 does not exist) are off-peak, then 06..21 peak, then 22, 23 off-peak.
    expect(imp.filter((x) => x === 0.26)).toHaveLength(5 + 2);
    expect(imp.slice(0, 5)).toEqual([0.26, 0.26, 0.26, 0.26, 0.26]);
    expect(imp[5]).toBe(0.34);
    expect(imp.slice(21)).toEqual([0.26, 0.26]);
    expect([...p.exportEurPerKWh].every((x) => x === 0.08)).toBe(true);
  });

  it("dynamic: (spot + grid fee + taxes) × (1 + VAT); spot feed-in floored at zero and capped at the import price", () => {
    const t: Tariff = {
      name: "dyn", import: { kind: "dynamic", formula: { gridFeeEurPerKWh: 0.12, taxesEurPerKWh: 0.03, vatPct: 20 } },
      export: { kind: "spot", factor: 1, offsetEurPerKWh: -0.01, floorAtZero: true }, standingEurPerMonth: 0,
    };
    const spots = [0.1, -0.05, 0.4];
    const p = tariffPrices(t, slots("2025-01-01T00:00:00Z", 3, H, (i) => spots[i] ?? null), "UTC");
    expect([...p.importEurPerKWh].map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0.3, 0.12, 0.66]);
    expect([...p.exportEurPerKWh].map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0.09, 0, 0.39]);
    expect(needsSpot(t)).toBe(true);
    expect(pricedSlots(t, slots("2025-01-01T00:00:00Z", 3, H, (i) => (i === 1 ? null : 0.1)))).toHaveLength(2);
  });

  it("a feed-in above the import price is capped (the planner's precondition)", () => {
    const t: Tariff = { name: "f", import: { kind: "fixed", priceEurPerKWh: 0.05 }, export: feedIn, standingEurPerMonth: 0 };
    expect([...tariffPrices(t, slots("2025-01-01T00:00:00Z", 2, H), "UTC").exportEurPerKWh]).toEqual([0.05, 0.05]);
    expect(needsSpot(t)).toBe(false);
  });
});

describe("tariffs options", () => {
  it("ship four example candidates (sensor off) that become Tariffs", () => {
    const c = optionsSchema.parse({}).tariffs;
    expect(c.enabled).toBe(false);
    expect(c.candidates.map((t) => [t.name, t.import.kind, t.export.kind, t.standingEurPerMonth])).toEqual([
      ["Fixed price", "fixed", "fixed", 12],
      ["Day/night", "tou", "fixed", 14],
      ["Dynamic, spot feed-in", "dynamic", "spot", 15],
      ["Dynamic, fixed feed-in", "dynamic", "fixed", 15],
    ]);
    const dn = c.candidates[1];
    expect(dn?.import).toEqual({ kind: "tou", bands: [{ from: "22:00", to: "06:00", priceEurPerKWh: 0.26 }], defaultPriceEurPerKWh: 0.34 });
  });

  it("a tou candidate needs its off-peak price; disabled candidates are left out", () => {
    const bad = optionsSchema.safeParse({ tariffs: { candidates: [{ name: "x", kind: "tou" }] } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["tariffs.candidates.0.offpeak_price_eur_per_kwh"]);
    const some = optionsSchema.parse({ tariffs: { candidates: [{ name: "a", kind: "fixed" }, { name: "b", kind: "fixed", enabled: false }] } });
    expect(some.tariffs.candidates.map((t) => t.name)).toEqual(["a"]);
  });
});

describe("estimateYear (month-of-year extrapolation)", () => {
  it("twelve months: the sum of each month's mean per day × its days, nothing extrapolated", () => {
    const values = DAYS_PER_MONTH.flatMap((_, m) => [{ monthOfYear: m + 1, value: m + 1 }, { monthOfYear: m + 1, value: m + 3 }]);
    const e = estimateYear(values);
    expect(e.extrapolated).toEqual([]);
    // month index m (0 = January) has values m + 1 and m + 3: mean m + 2 per day
    expect(e.yearly).toBeCloseTo(DAYS_PER_MONTH.reduce((a, d, m) => a + d * (m + 2), 0), 9);
  });

  it("January at 1/day and July at 3/day: the months between are interpolated around the circle", () => {
    const e = estimateYear([{ monthOfYear: 1, value: 1 }, { monthOfYear: 7, value: 3 }]);
    expect(e.covered).toEqual([1, 7]);
    expect(e.extrapolated).toEqual([2, 3, 4, 5, 6, 8, 9, 10, 11, 12]);
    expect(e.perDay.map((x) => Math.round(x * 1000) / 1000)).toEqual([1, 1.333, 1.667, 2, 2.333, 2.667, 3, 2.667, 2.333, 2, 1.667, 1.333]);
  });

  it("one month of data: every month gets its level; no data: zero and nothing claimed", () => {
    expect(estimateYear([{ monthOfYear: 4, value: 2 }, { monthOfYear: 4, value: 4 }]).yearly).toBeCloseTo(3 * 365, 9);
    expect(estimateYear([])).toMatchObject({ yearly: 0, covered: [], extrapolated: [] });
  });
});
