/**
 * The series loader: addon/data/emhass-long-train-data.csv (30-min means, empty PV at night)
 * and addon/data/awattar-at-dayahead-hourly-2024-2025.csv (EUR/MWh, hourly), plus small
 * hand-made CSVs for the edge cases.
 */
import { describe, expect, it } from "vitest";
import { loadAt, noise, parseLoadPvCsv, parsePriceCsv, priceAt, pvAt, REPEAT_PERIOD_MS, wrapMs } from "../../addon/src/sim/series.js";
import { simSeries } from "./helpers.js";

const CSV = [
  "timestamp_utc,load_w,pv_w,pv_forecast_w",
  "2024-06-01 00:00:00+00:00,100.0,,",
  "2024-06-01 00:30:00+00:00,,,",
  "2024-06-01 01:00:00+00:00,300.0,50.0,",
  "2024-06-01 01:30:00+00:00,500.0,150.0,",
].join("\n");

describe("load/PV series", () => {
  const s = parseLoadPvCsv(CSV);
  const t = (hhmm: string): number => Date.parse(`2024-06-01T${hhmm}:00Z`);

  it("treats empty PV as 0 and carries the last load over a gap", () => {
    expect([...s.pvW]).toEqual([0, 0, 50, 150]);
    expect([...s.loadW]).toEqual([100, 100, 300, 500]);
  });

  it("interpolates between half-hour midpoints", () => {
    expect(loadAt(s, t("00:15"))).toBeCloseTo(100, 9); // midpoint of the first half-hour
    expect(loadAt(s, t("01:15"))).toBeCloseTo(300, 9);
    expect(loadAt(s, t("01:30"))).toBeCloseTo(400, 9); // halfway between 01:15 (300) and 01:45 (500)
    expect(pvAt(s, t("01:00"))).toBeCloseTo(25, 9); // halfway between 0 and 50
  });

  it("repeats with a 52-week period outside the recorded span", () => {
    expect(loadAt(s, t("01:30") + REPEAT_PERIOD_MS)).toBeCloseTo(400, 9);
    expect(wrapMs(s.startMs - 1, s.startMs)).toBe(s.startMs + REPEAT_PERIOD_MS - 1);
  });

  it("the shipped year has 17 524 half-hours (2024-02-28 21:00 → 2025-02-27 22:30), PV at night 0, a sunny June noon", () => {
    const { loadPv } = simSeries();
    expect(loadPv.loadW.length).toBe(17_524);
    expect(loadPv.startMs).toBe(Date.parse("2024-02-28T21:00:00Z"));
    // CSV: 2024-06-15 10:00 load 252.4718 W, PV 1796.0054 W (interval mean, at its midpoint 10:15).
    expect(loadAt(loadPv, Date.parse("2024-06-15T10:15:00Z"))).toBeCloseTo(252.4718, 3);
    expect(pvAt(loadPv, Date.parse("2024-06-15T10:15:00Z"))).toBeCloseTo(1796.0054, 3);
    expect(pvAt(loadPv, Date.parse("2024-06-15T01:15:00Z"))).toBe(0);
    expect([...loadPv.loadW].every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });
});

describe("price series", () => {
  it("looks up the hour, including negative prices", () => {
    const p = parsePriceCsv("start_utc,end_utc,price_eur_per_mwh\n2024-06-01T00:00:00Z,2024-06-01T01:00:00Z,10.5\n2024-06-01T01:00:00Z,2024-06-01T02:00:00Z,-3.25\n");
    expect(priceAt(p, Date.parse("2024-06-01T00:59:59Z"))).toBe(10.5);
    expect(priceAt(p, Date.parse("2024-06-01T01:00:00Z"))).toBe(-3.25);
    const { prices } = simSeries();
    expect(priceAt(prices, Date.parse("2024-06-15T09:30:00Z"))).toBe(-30.41);
  });
});

describe("noise", () => {
  it("is deterministic, in [-1, 1), and varies with the key", () => {
    const xs = Array.from({ length: 2000 }, (_, i) => noise(42, 1_718_000_000 + i));
    expect(xs).toEqual(Array.from({ length: 2000 }, (_, i) => noise(42, 1_718_000_000 + i)));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(new Set(xs).size).toBeGreaterThan(1990);
    expect(noise(1, 5)).not.toBe(noise(2, 5));
  });
});
