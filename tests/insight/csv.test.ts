// Site and price CSV parsing: every problem names its line and column. The real header of
// ../shared/data/emhass/long_train_data.csv (timestamp_utc,load_w,pv_w,pv_forecast_w) and of
// ../shared/data/prices/awattar-at-epex-dayahead-hourly-2017-2026.csv are read here too.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fillGaps, parseSiteCsv, parseSpotCsv, splitSlots, withSpot } from "../../addon/src/insight/site-data.js";

const data = (rel: string): string => readFileSync(new URL(`../../../shared/data/${rel}`, import.meta.url), "utf8");

describe("parseSiteCsv", () => {
  it("reads the EMHASS year: 30-min step, empty PV = 0, empty load interpolated, logged PV forecast kept", () => {
    const r = parseSiteCsv(data("emhass/long_train_data.csv"));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value.stepMs).toBe(1_800_000);
    expect(r.value.slots).toHaveLength(17_524);
    expect(r.value.slots[0]?.startMs).toBe(Date.parse("2024-02-28T21:00:00Z"));
    expect(r.value.slots.every((s) => s.loadW >= 0 && s.pvW >= 0 && s.endMs - s.startMs === 1_800_000)).toBe(true);
    expect(r.value.slots.every((s) => s.spotEurPerKWh === null)).toBe(true);
    expect(r.value.slots.filter((s) => s.pvForecastW !== null).length).toBe(7500);
    // 336 rows have no load reading; they are interpolated from their neighbours, not zero.
    expect(r.value.slots.filter((s) => s.loadW === 0).length).toBeLessThan(336);
  });

  it("accepts ; separators, a BOM, columns in any order and a price column", () => {
    const r = parseSiteCsv("\uFEFFpv_w;timestamp;price_eur_per_kwh;load_w\n100;2025-01-01T00:00:00Z;0.25;300\n0;2025-01-01T00:15:00Z;;\n50;2025-01-01T00:30:00Z;0.3;500\n");
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value.slots.map((s) => [s.loadW, s.pvW, s.spotEurPerKWh])).toEqual([[300, 100, 0.25], [400, 0, null], [500, 50, 0.3]]);
    expect(r.value.stepMs).toBe(900_000);
  });

  it.each([
    ["missing column", "timestamp,load_w\n2025-01-01T00:00:00Z,1\n", 1, 1, /missing column "pv_w"/],
    ["bad timestamp", "timestamp,load_w,pv_w\n2025-01-01T00:00:00Z,1,2\n01/01/2025 00:15,1,2\n", 3, 1, /not an ISO 8601 timestamp/],
    ["not a number", "timestamp,load_w,pv_w\n2025-01-01T00:00:00Z,1,2\n2025-01-01T00:15:00Z,1,abc\n", 3, 3, /"abc" is not a number/],
    ["odd step", "timestamp,load_w,pv_w\n2025-01-01T00:00:00Z,1,2\n2025-01-01T00:10:00Z,1,2\n", 3, 1, /step must be 15, 30 or 60 min/],
    ["time going back", "timestamp,load_w,pv_w\n2025-01-01T00:00:00Z,1,2\n2025-01-01T00:15:00Z,1,2\n2025-01-01T00:00:00Z,1,2\n", 4, 1, /not 15 min/],
    ["one row", "timestamp,load_w,pv_w\n2025-01-01T00:00:00Z,1,2\n", 3, 1, /at least two data rows/],
  ])("%s → line %s, column %s", (_name, text, line, column, message) => {
    const r = parseSiteCsv(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ line, column });
    expect(r.problems[0]?.message).toMatch(message);
  });

  it("a gap in time is allowed (those slots are simply absent)", () => {
    const r = parseSiteCsv("timestamp,load_w,pv_w\n2025-01-01T00:00:00Z,1,0\n2025-01-01T00:15:00Z,1,0\n2025-01-01T02:00:00Z,1,0\n");
    expect(r.ok && r.value.slots.map((s) => s.startMs - Date.parse("2025-01-01T00:00:00Z"))).toEqual([0, 900_000, 7_200_000]);
  });
});

describe("parseSpotCsv, withSpot, splitSlots, fillGaps", () => {
  it("reads the aWATTar AT history in €/kWh and attaches the hour's price to each slot", () => {
    const r = parseSpotCsv(data("prices/awattar-at-epex-dayahead-hourly-2017-2026.csv"));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value.length).toBeGreaterThan(78_000);
    expect(r.value[0]).toMatchObject({ startMs: Date.parse("2017-09-21T22:00:00Z"), endMs: Date.parse("2017-09-21T23:00:00Z") });
    expect(r.value[0]?.priceEurPerKWh).toBeCloseTo(0.03224, 12);
    const site = parseSiteCsv("timestamp,load_w,pv_w\n2017-09-21T22:00:00Z,100,0\n2017-09-21T22:30:00Z,100,0\n2017-09-21T23:00:00Z,100,0\n");
    if (!site.ok) throw new Error("site");
    const priced = withSpot(site.value.slots, r.value);
    expect(priced.map((s) => Math.round((s.spotEurPerKWh ?? NaN) * 1e5))).toEqual([3224, 3224, 3167]);
    expect(splitSlots(priced, 900_000)).toHaveLength(6);
  });

  it("names the line and column of a bad price row", () => {
    const r = parseSpotCsv("start_utc,end_utc,price_eur_per_mwh\n2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,12\n2025-01-01T01:00:00Z,2025-01-01T00:00:00Z,5\n2025-01-01T02:00:00Z,2025-01-01T03:00:00Z,n/a\n");
    expect(r.ok ? [] : r.problems.map((p) => [p.line, p.column])).toEqual([[3, 2], [4, 3]]);
  });

  it("interpolates gaps linearly between the neighbours", () => {
    expect(fillGaps([1, null, null, 4, null], 0)).toEqual([1, 2, 3, 4, 4]);
    expect(fillGaps([null, 2], 0)).toEqual([1, 2]);
  });
});
