// The savings cache (insight/savings-cache.ts): the report it gives equals `computeSavings` over
// the whole month at every refresh, across a DST change and a month boundary in Europe/Berlin,
// while a refresh after the first reads only the days that have not settled.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger, type BatteryModel, type EpochMs, type HistoryReader, type Sample } from "../../addon/src/domain/index.js";
import { openHistoryStore, type HistoryStore } from "../../addon/src/store/index.js";
import { computeSavings } from "../../addon/src/insight/savings.js";
import { createSavingsCache } from "../../addon/src/insight/savings-cache.js";
import { pricesFromHistory, priceSamples } from "../../addon/src/insight/price-history.js";
import { startOfLocalMonth } from "../../addon/src/insight/service-hooks.js";
import { optionsSchema } from "../../addon/src/config/schema.js";

const Q = 900_000;
const TZ = "Europe/Berlin";
// 2026-03-25 00:00 Berlin (UTC+1) … 2026-04-03: DST starts on 2026-03-29, April starts on day 8.
const T0 = Date.UTC(2026, 2, 24, 23);
const QUARTERS = 9 * 96;
const battery: BatteryModel = {
  capacityWh: 1920, socMinPct: 10, socMaxPct: 100, maxOutputW: 800, maxAcChargeW: 1000, maxChargeDcW: 1200, maxDischargeDcW: 1200,
  chargeEfficiency: 0.96, dischargeEfficiency: 0.96, inverterEfficiency: 0.95, wearCostEurPerKWh: 0.02, terminalValueEurPerKWh: 0.1,
};
const site = { battery, grid: { maxImportW: null, maxExportW: 800 } };
const prices = optionsSchema.parse({ prices: { source: "awattar", grid_fee_eur_per_kwh: 0.1, taxes_eur_per_kwh: 0.02, vat_pct: 19 } }).prices;

const dir = mkdtempSync(path.join(tmpdir(), "sunshift-savings-cache-"));
let store: HistoryStore;

beforeAll(() => {
  store = openHistoryStore({ path: path.join(dir, "h.db"), logger: silentLogger, rollupDelayMs: 0 });
  const out: Sample[] = [];
  for (let q = 0; q < QUARTERS; q++) {
    const h = (q % 96) / 4;
    for (let k = 0; k < 3; k++) {
      const atMs = T0 + q * Q + k * 300_000;
      const load = 300 + 40 * (q % 7) + (h >= 18 && h < 22 ? 700 : 0);
      const pv = Math.max(0, 1200 * Math.sin(((h - 7) / 12) * Math.PI));
      out.push({ series: "load_w", atMs, value: load }, { series: "pv_w", atMs, value: pv }, { series: "grid_w", atMs, value: Math.round(load - Math.min(800, pv) + 50) }, { series: "soc_pct", atMs, value: 20 + (q % 96) / 2 });
    }
    const spot = 0.05 + 0.1 * Math.sin((q / 96) * 2 * Math.PI) + (q % 13) / 200;
    const imp = (spot + 0.12) * 1.19;
    out.push(...priceSamples([{ startMs: T0 + q * Q, endMs: T0 + (q + 1) * Q, importPriceEurPerKWh: imp, exportPriceEurPerKWh: spot, loadW: 0, pvW: 0 }], T0 + q * Q + 1000, prices));
  }
  store.append(out);
  store.flush(T0 + QUARTERS * Q);
  store.maintain(T0 + QUARTERS * Q + 60_000);
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A reader that records the spans of the aggregate queries it answers. */
function spying(reader: HistoryReader): { reader: HistoryReader; spans: { fromMs: EpochMs; toMs: EpochMs }[] } {
  const spans: { fromMs: EpochMs; toMs: EpochMs }[] = [];
  return {
    spans,
    reader: {
      aggregates: (series, res, fromMs, toMs) => {
        spans.push({ fromMs, toMs });
        return reader.aggregates(series, res, fromMs, toMs);
      },
      samples: (series, fromMs, toMs) => reader.samples(series, fromMs, toMs),
    },
  };
}

describe("savings cache", () => {
  it("equals the whole-month computation at every refresh (5 h 20 min apart), over DST and into April", () => {
    const cache = createSavingsCache();
    let refreshes = 0;
    for (let nowMs = T0 + 3_600_000; nowMs <= T0 + QUARTERS * Q; nowMs += 320 * 60_000) {
      const range = { fromMs: startOfLocalMonth(nowMs, TZ), toMs: nowMs };
      const p = pricesFromHistory(store, range.fromMs, range.toMs);
      const cached = cache.report(store, site, p, range, TZ);
      expect(cached, new Date(nowMs).toISOString()).toEqual(computeSavings(store, site, p, range, TZ));
      refreshes++;
    }
    expect(refreshes).toBeGreaterThan(35);
  });

  it("covers 23- and 25-hour days: the DST day has 92 quarter hours", () => {
    const nowMs = T0 + 6 * 96 * Q;
    const range = { fromMs: startOfLocalMonth(nowMs, TZ), toMs: nowMs };
    const days = createSavingsCache().report(store, site, pricesFromHistory(store, range.fromMs, range.toMs), range, TZ).days;
    expect(days.find((d) => d.period === "2026-03-29")?.slots).toBe(92);
  });

  it("a refresh on the same day reads only the unsettled tail, not the month", () => {
    const cache = createSavingsCache();
    const nowMs = T0 + 5 * 96 * Q + 14 * 3_600_000; // 2026-03-30, 15:00 local
    const range = { fromMs: startOfLocalMonth(nowMs, TZ), toMs: nowMs };
    const first = spying(store);
    cache.report(first.reader, site, pricesFromHistory(first.reader, range.fromMs, range.toMs), range, TZ);
    const later = spying(store);
    const range2 = { ...range, toMs: nowMs + 300_000 };
    cache.report(later.reader, site, pricesFromHistory(later.reader, range2.fromMs, range2.toMs), range2, TZ);
    const dayStartMs = Date.UTC(2026, 2, 29, 22); // 2026-03-30 00:00 local (UTC+2)
    expect(Math.min(...first.spans.map((s) => s.fromMs))).toBeLessThan(dayStartMs);
    expect(later.spans.length).toBeGreaterThan(0);
    expect(later.spans.every((s) => s.fromMs >= dayStartMs)).toBe(true);
  });
});
