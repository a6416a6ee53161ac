// Prices as history: the slow loop records the prices in effect with each run, and the savings
// and the tariff ranking read them back long after the plan runs were pruned.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger, type PlannerSlotInput } from "../../addon/src/domain/index.js";
import { openHistoryStore } from "../../addon/src/store/index.js";
import { optionsSchema } from "../../addon/src/config/schema.js";
import { pricesFromHistory, priceSamples, spotHistory, spotOfImport } from "../../addon/src/insight/price-history.js";

const Q = 900_000;
const T0 = Date.UTC(2024, 5, 15, 10, 0);
const dir = mkdtempSync(path.join(tmpdir(), "sunshift-price-history-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const pricesOf = (o: Record<string, unknown>) => optionsSchema.parse({ prices: o }).prices;
const dynamic = pricesOf({ source: "awattar", grid_fee_eur_per_kwh: 0.1, taxes_eur_per_kwh: 0.02, vat_pct: 19 });

function slots(stepMin: number, imports: readonly number[]): PlannerSlotInput[] {
  const step = stepMin * 60_000;
  return imports.map((p, i) => ({ startMs: T0 + i * step, endMs: T0 + (i + 1) * step, loadW: 0, pvW: 0, importPriceEurPerKWh: p, exportPriceEurPerKWh: p / 4 }));
}

describe("spot price behind an import price", () => {
  it.each([
    [0.05, 0.05],
    [-0.03, -0.03],
    [0.4, 0.4],
  ])("inverts (spot + fee + taxes) × (1 + VAT) for spot %f", (spot, expected) => {
    const imp = (spot + 0.1 + 0.02) * 1.19;
    expect(spotOfImport(imp, dynamic)).toBeCloseTo(expected, 12);
  });

  it("is unknown for fixed, time-of-use and retail-price sources", () => {
    expect(spotOfImport(0.3, pricesOf({ source: "fixed" }))).toBeNull();
    expect(spotOfImport(0.3, pricesOf({ source: "tou", tou_bands: [{ from: "00:00", to: "06:00", price_eur_per_kwh: 0.2 }] }))).toBeNull();
    expect(spotOfImport(0.3, pricesOf({ source: "nordpool_hacs", price_entity: "sensor.nordpool", price_entity_kind: "retail" }))).toBeNull();
  });
});

describe("recorded prices", () => {
  it("samples every quarter hour of the slot in effect now (an hourly slot gives four)", () => {
    const s = priceSamples(slots(60, [0.3, 0.5]), T0 + 20 * 60_000, dynamic);
    expect(s.filter((x) => x.series === "import_price_eur_per_kwh").map((x) => Math.floor(x.atMs / Q) * Q)).toEqual([0, 1, 2, 3].map((k) => T0 + k * Q));
    expect(s.filter((x) => x.series === "spot_price_eur_per_kwh")).toHaveLength(4);
    expect(priceSamples([], T0, dynamic)).toEqual([]);
  });

  it("round-trips through the store's 15-minute aggregates, with NaN or the fallback where nothing was recorded", () => {
    const store = openHistoryStore({ path: path.join(dir, "a.db"), logger: silentLogger, rollupDelayMs: 0 });
    const imports = [0.31, 0.12, -0.02, 0.44];
    const input = slots(15, imports);
    // One run per quarter hour, each recording its first slot (as the slow loop does).
    for (let k = 0; k < imports.length; k++) store.append(priceSamples(input.slice(k), T0 + k * Q + 5_000, dynamic));
    store.flush(T0 + 5 * Q);
    store.maintain(T0 + 5 * Q + 60_000);
    const all = slots(15, [0, 0, 0, 0, 0]).map((s) => ({ ...s, loadW: 0, pvW: 0, pvForecastW: null, spotEurPerKWh: null }));
    const got = pricesFromHistory(store, T0, T0 + 5 * Q)(all);
    expect([...got.importEurPerKWh].slice(0, 4)).toEqual(imports.map((p) => expect.closeTo(p, 9) as unknown as number));
    expect(Number.isNaN(got.importEurPerKWh[4])).toBe(true);
    const withFallback = pricesFromHistory(store, T0, T0 + 5 * Q, () => (xs) => ({ importEurPerKWh: Float64Array.from(xs, () => 9), exportEurPerKWh: Float64Array.from(xs, () => 1) }))(all);
    expect([withFallback.importEurPerKWh[3], withFallback.importEurPerKWh[4], withFallback.exportEurPerKWh[4]]).toEqual([expect.closeTo(0.44, 9), 9, 1]);
    const spot = spotHistory(store, T0, T0 + 5 * Q);
    expect(spot.map((p) => p.priceEurPerKWh)).toEqual(imports.map((p) => expect.closeTo(p / 1.19 - 0.12, 9) as unknown as number));
    store.close();
  });

  it("reads the quarter not rolled up yet from its raw samples; the fallback is built only when a price is missing", () => {
    const store = openHistoryStore({ path: path.join(dir, "b.db"), logger: silentLogger, rollupDelayMs: 0 });
    const input = slots(15, [0.2, 0.3]);
    store.append(priceSamples(input, T0 + 5_000, dynamic));
    store.flush(T0 + Q);
    store.maintain(T0 + Q + 60_000);
    // The second quarter's price is recorded but not rolled up when the savings are computed.
    store.append(priceSamples(input.slice(1), T0 + Q + 5_000, dynamic));
    store.flush(T0 + Q + 10_000);
    let built = 0;
    const fallback = () => {
      built++;
      return (xs: readonly { startMs: number }[]) => ({ importEurPerKWh: Float64Array.from(xs, () => 9), exportEurPerKWh: Float64Array.from(xs, () => 1) });
    };
    const quarter = (k: number) => ({ startMs: T0 + k * Q, endMs: T0 + (k + 1) * Q, loadW: 0, pvW: 0, pvForecastW: null, spotEurPerKWh: null });
    const prices = pricesFromHistory(store, T0, T0 + 2 * Q, fallback);
    expect([...prices([quarter(0), quarter(1)]).importEurPerKWh]).toEqual([expect.closeTo(0.2, 9), expect.closeTo(0.3, 9)]);
    expect(built).toBe(0);
    expect([...prices([quarter(1), quarter(2)]).importEurPerKWh]).toEqual([expect.closeTo(0.3, 9), 9]);
    prices([quarter(3)]);
    expect(built).toBe(1);
    store.close();
  });
});
