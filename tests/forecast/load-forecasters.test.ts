// Load forecasters on hand-built histories with known answers, plus the bench parsers and a
// quick walk-forward on the real series.
// Data: /work/shared/data/emhass/long_train_data.csv and
//   /work/shared/data/timeseries/awattar-backtesting-samples-wienernetze-fullyear.csv (see data/PROVENANCE.md).
import { describe, expect, it } from "vitest";
import type { Aggregate, EpochMs, HistoryReader, Resolution, SeriesKey } from "../../addon/src/domain/index.js";
import {
  blendedForecaster,
  DEFAULT_BLEND,
  LOAD_FORECASTERS,
  persistenceForecaster,
  typicalForecaster,
  weightedMedian,
  yesterdayForecaster,
} from "../../addon/src/forecast/load-forecasters.js";
import { MemoryHistory, quarterAggregate } from "../../addon/src/forecast/memory-history.js";
import { parseEmhassLoad, parseWienerNetze } from "../../bench/load-data.js";
import { runForecastBench } from "../../bench/forecast-bench.js";
import { localToEpochMs } from "../../addon/src/sources/zoned-time.js";

const Q = 900_000;
const H = 3_600_000;
const DAY = 24 * H;

/** A history of `days` days before `endMs` with power f(t). */
function history(endMs: EpochMs, days: number, f: (t: EpochMs) => number, series: SeriesKey = "base_load_w"): MemoryHistory {
  const aggs: Aggregate[] = [];
  for (let t = endMs - days * DAY; t < endMs; t += Q) aggs.push(quarterAggregate(series, t, f(t)));
  return new MemoryHistory().add(aggs);
}

const NOW = Date.UTC(2024, 0, 15); // a Monday, 00:00 UTC
const req = { nowMs: NOW, horizonMs: DAY, stepMs: Q, timeZone: "UTC" };

describe("load forecasters", () => {
  it("a constant history is forecast as that constant by every method", () => {
    const h = history(NOW, 60, () => 300);
    for (const m of LOAD_FORECASTERS) {
      const out = m.forecast(h, req);
      expect(out, m.name).toHaveLength(96);
      expect(out.every((s) => Math.abs(s.powerW - 300) < 1e-9), m.name).toBe(true);
    }
  });

  it("weekday pattern: Mondays 1000 W, other days 200 W", () => {
    const monday = (t: number) => new Date(t).getUTCDay() === 1;
    const h = history(NOW, 56, (t) => (monday(t) ? 1000 : 200));
    // The history ends Sunday: persistence says 200, yesterday says 200, the weekday profile 1000.
    expect(persistenceForecaster.forecast(h, req)[10]!.powerW).toBe(200);
    expect(yesterdayForecaster.forecast(h, req)[10]!.powerW).toBe(200);
    expect(typicalForecaster.forecast(h, req)[10]!.powerW).toBe(1000);
    // Blend with no level correction: weekly part 1000; daily part: the weighted mean/median
    // of the last 7 days (six at 200, Monday-a-week-ago at 1000 with weight 0.7^6).
    const p = { ...DEFAULT_BLEND, levelHours: 0 };
    const w = [1, 0.7, 0.49, 0.343, 0.2401, 0.16807, 0.117649];
    const dailyMean = (200 * w.slice(0, 6).reduce((a, b) => a + b) + 1000 * w[6]!) / w.reduce((a, b) => a + b);
    const daily = (dailyMean + 200) / 2;
    expect(blendedForecaster(p).forecast(h, req)[40]!.powerW).toBeCloseTo(0.3 * 1000 + 0.7 * daily, 9);
  });

  it("level correction: a recent +400 W offset decays with e-folding time τ", () => {
    const h = history(NOW, 56, (t) => (t >= NOW - 2 * H ? 600 : 200));
    const p = { ...DEFAULT_BLEND, levelHours: 2, levelTauHours: 1 };
    const out = blendedForecaster(p).forecast(h, req);
    // Profile is 200 everywhere (the last-2-hours lags lie outside the lagged days: 200).
    expect(out[0]!.powerW).toBeCloseTo(600, 9);
    expect(out[4]!.powerW).toBeCloseTo(200 + 400 * Math.exp(-1), 9);
    // Mid-afternoon, far from the offset and from yesterday's last two hours: the profile only.
    expect(out[60]!.powerW).toBeCloseTo(200, 3);
  });

  it("never reads the future and never predicts below zero", () => {
    const inner = history(NOW + 7 * DAY, 70, (t) => (t % (2 * H) < H ? -50 : 100));
    const ranges: [EpochMs, EpochMs][] = [];
    const spy: HistoryReader = {
      aggregates: (s: SeriesKey, r: Resolution, from: EpochMs, to: EpochMs) => {
        ranges.push([from, to]);
        return inner.aggregates(s, r, from, to);
      },
      samples: () => [],
    };
    for (const m of LOAD_FORECASTERS) {
      expect(m.forecast(spy, req).every((s) => s.powerW >= 0)).toBe(true);
    }
    expect(ranges.every(([, to]) => to <= NOW)).toBe(true);
  });

  it("controlled loads listed in `subtract` are taken out of the history", () => {
    const h = history(NOW, 28, () => 900).add(
      Array.from({ length: 28 * 96 }, (_, i) => quarterAggregate("plug_w:boiler", NOW - 28 * DAY + i * Q, 600)),
    );
    const out = typicalForecaster.forecast(h, { ...req, series: "load_w", subtract: ["plug_w:boiler"] });
    const out2 = typicalForecaster.forecast(h, { ...req, series: "base_load_w", subtract: ["plug_w:boiler"] });
    // No `load_w` history at all: 0 W, never invented; with it, 900 − 600 = 300 W.
    expect(out.every((s) => s.powerW === 0)).toBe(true);
    expect(out2.every((s) => s.powerW === 300)).toBe(true);
  });

  it("weekly profiles follow local time across DST (Vienna, spring 2024)", () => {
    const zone = "Europe/Vienna";
    const now = localToEpochMs(zone, 2024, 4, 8); // Monday after the 31 March change
    const peakAt8 = (t: number) => {
      const local = new Date(t + (t >= Date.UTC(2024, 2, 31, 1) ? 2 : 1) * H);
      return local.getUTCHours() === 8 ? 2000 : 100;
    };
    const h = history(now, 42, peakAt8);
    const out = typicalForecaster.forecast(h, { ...req, nowMs: now, timeZone: zone });
    const peakIndex = out.findIndex((s) => s.powerW > 1000);
    expect(out[peakIndex]!.startMs).toBe(localToEpochMs(zone, 2024, 4, 8, 8));
  });

  it("forecast steps coarser than 15 min average the quarters", () => {
    const h = history(NOW, 14, (t) => ((t / Q) % 2 === 0 ? 100 : 300));
    const out = yesterdayForecaster.forecast(h, { ...req, stepMs: 30 * 60_000 });
    expect(out).toHaveLength(48);
    expect(out.every((s) => s.powerW === 200 && s.endMs - s.startMs === 30 * 60_000)).toBe(true);
  });

  it.each([
    [[1, 2, 100], [1, 1, 1], 2],
    [[5, 1], [1, 3], 1],
    [[], [], NaN],
  ])("weightedMedian(%j, %j) = %s", (v, w, expected) => {
    expect(weightedMedian(v, w)).toBe(expected);
  });
});

describe("bench parsers", () => {
  it("Wiener Netze: BOM, `;`, decimal comma, local time, autumn repeated hour kept as distinct quarters", () => {
    const csv = "\uFEFFDatum;Zeit von;Zeit bis;Verbrauch [kWh];;\n" +
      ["02:45:00;02:00:00", "02:00:00;02:15:00", "02:15:00;02:30:00"].map((z) => `29.10.2023;${z};0,069;;`).join("\n") + "\n29.10.2023;02:30:00;02:45:00;;\n";
    const aggs = parseWienerNetze(csv);
    expect(aggs.map((a) => a.startMs)).toEqual([Date.UTC(2023, 9, 29, 0, 45), Date.UTC(2023, 9, 29, 1), Date.UTC(2023, 9, 29, 1, 15)]);
    expect(aggs[0]!.mean).toBeCloseTo(276, 9);
  });

  it("EMHASS CSV: one half hour → two quarters; empty cells skipped", () => {
    const aggs = parseEmhassLoad("timestamp_utc,load_w,pv_w,pv_forecast_w\n2024-02-28 22:00:00+00:00,,,\n2024-02-28 22:30:00+00:00,1532.5,,\n");
    expect(aggs.map((a) => [a.startMs, a.mean])).toEqual([
      [Date.UTC(2024, 1, 28, 22, 30), 1532.5],
      [Date.UTC(2024, 1, 28, 22, 45), 1532.5],
    ]);
  });
});

describe("bench (quick, real series)", () => {
  it("prints every method for both series; the blend beats typical and persistence on MAE", async () => {
    const lines: string[] = [];
    await runForecastBench({ quick: true, print: (l) => lines.push(l) });
    const rows = lines.filter((l) => /^\s{2}(sunshift|typical|naive|persistence)/.test(l));
    expect(rows).toHaveLength(8);
    const mae = (i: number) => Number(rows[i]!.trim().split(/\s+/)[1]);
    expect(mae(0)).toBeLessThan(mae(1));
    expect(mae(0)).toBeLessThan(mae(3));
    expect(mae(0)).toBeGreaterThan(100); // real W-scale errors on the French household
  });
});
