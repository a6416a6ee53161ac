// Savings against the counterfactual, checked by hand on a 4-slot day (15 min each, UTC):
// battery 1000 Wh, SOC 10–100 %, every efficiency 1, no wear, stored energy valued at
// 0.10 €/kWh; fixed tariff 0.40 €/kWh import, 0.10 €/kWh feed-in; inverter 800 W, export ≤ 800 W.
//
//  slot  load  PV    metered grid | no battery: PV→AC ≤ 800 W      | plain battery (rules, no grid charge)
//  0     400   1200  0            | 800 W out → −400 W (export 100 Wh) | 400 W to the home, 800 W stored
//  1     400   0     0            | +400 W (100 Wh)                  | 400 W from the battery
//  2     1000  0     100          | +1000 W (250 Wh)                 | 800 W (inverter limit) → +200 W (50 Wh)
//  3     200   200   0            | 0                                | PV covers the home
//
// no battery: 0.40·(0.100 + 0.250) − 0.10·0.100 = 0.130 €; stored change 0 → cost 0.130 €.
// plain: bill 0.40·0.050 = 0.020 €; SOC 50 % → 40 % (500 → 400 Wh: +200 −100 −200) → cost 0.020 + 0.1·0.1 = 0.030 €.
// actual: bill 0.40·0.025 = 0.010 €; soc_pct 50 → 40 (first and last bucket) → cost 0.010 + 0.010 = 0.020 €.
// saving = 0.130 − 0.020 = 0.110 €; the optimiser's share = 0.030 − 0.020 = 0.010 €.
import { describe, expect, it } from "vitest";
import type { BatteryModel, SeriesKey } from "../../addon/src/domain/index.js";
import { MemoryHistory, quarterAggregate } from "../../addon/src/forecast/memory-history.js";
import { computeSavings } from "../../addon/src/insight/savings.js";
import { pricesFromPlanRuns, pricesFromTariff, savingsSensorValues } from "../../addon/src/insight/sensors.js";
import type { Tariff } from "../../addon/src/insight/tariff.js";

const Q = 900_000;
const T0 = Date.UTC(2025, 5, 2);

const battery: BatteryModel = {
  capacityWh: 1000, socMinPct: 10, socMaxPct: 100, maxOutputW: 800, maxAcChargeW: 1000, maxChargeDcW: 1200, maxDischargeDcW: 1200,
  chargeEfficiency: 1, dischargeEfficiency: 1, inverterEfficiency: 1, wearCostEurPerKWh: 0, terminalValueEurPerKWh: 0.1,
};
const site = { battery, grid: { maxImportW: null, maxExportW: 800 } };
const fixed: Tariff = { name: "fixed", import: { kind: "fixed", priceEurPerKWh: 0.4 }, export: { kind: "fixed", feedInEurPerKWh: 0.1 }, standingEurPerMonth: 0 };

function history(series: Partial<Record<SeriesKey, readonly number[]>>): MemoryHistory {
  return new MemoryHistory().add(Object.entries(series).flatMap(([key, values]) => (values ?? []).map((v, i) => quarterAggregate(key as SeriesKey, T0 + i * Q, v))));
}

const day = history({ load_w: [400, 400, 1000, 200], pv_w: [1200, 0, 0, 200], grid_w: [0, 0, 100, 0], soc_pct: [50, 60, 60, 40] });
const prices = pricesFromTariff(fixed, [], "UTC");

describe("computeSavings on a hand-checked 4-slot day", () => {
  const report = computeSavings(day, site, prices, { fromMs: T0, toMs: T0 + 4 * Q }, "UTC");
  const d = report.days[0];

  it("has one day and one month with the four slots", () => {
    expect(report.days.map((x) => [x.period, x.slots])).toEqual([["2025-06-02", 4]]);
    expect(report.months.map((x) => [x.period, x.slots])).toEqual([["2025-06", 4]]);
  });

  it("no battery: grid = load − PV through the 800 W inverter, export valued at the feed-in price", () => {
    expect(d?.noBattery.importKWh).toBeCloseTo(0.35, 9);
    expect(d?.noBattery.exportKWh).toBeCloseTo(0.1, 9);
    expect(d?.noBattery.billEur).toBeCloseTo(0.13, 9);
    expect(d?.noBattery.costEur).toBeCloseTo(0.13, 9);
  });

  it("plain self-consumption battery: stores the surplus, covers the home up to the inverter limit", () => {
    expect(d?.selfConsumption.importKWh).toBeCloseTo(0.05, 9);
    expect(d?.selfConsumption.exportKWh).toBeCloseTo(0, 9);
    expect(d?.selfConsumption.storedChangeKWh).toBeCloseTo(-0.1, 9);
    expect(d?.selfConsumption.costEur).toBeCloseTo(0.03, 9);
  });

  it("actual cost from the metered grid power and the SOC change; saving and optimiser share", () => {
    expect(d?.actual.billEur).toBeCloseTo(0.01, 9);
    expect(d?.actual.storedChangeKWh).toBeCloseTo(-0.1, 9);
    expect(d?.actual.costEur).toBeCloseTo(0.02, 9);
    expect(d?.savingEur).toBeCloseTo(0.11, 9);
    expect(d?.optimizerShareEur).toBeCloseTo(0.01, 9);
  });

  it("the sensors show today's and this month's figures in local time", () => {
    const v = savingsSensorValues(report, T0 + 3 * Q, "UTC");
    expect(v.savingsTodayEur).toBeCloseTo(0.11, 9);
    expect(v.savingsMonthEur).toBeCloseTo(0.11, 9);
    expect(v.optimizerShareTodayEur).toBeCloseTo(0.01, 9);
    expect(v.importTodayKWh).toBeCloseTo(0.025, 9);
    expect(v.importTodayNoBatteryKWh).toBeCloseTo(0.35, 9);
    expect(savingsSensorValues(report, T0 + 86_400_000, "UTC").savingsTodayEur).toBeNull();
  });

  it("slots without a price or without a grid reading are left out, not guessed", () => {
    const gappy = history({ load_w: [400, 400, 1000, 200], pv_w: [1200, 0, 0, 200], grid_w: [0, 0, 100], soc_pct: [50] });
    const r = computeSavings(gappy, site, (slots) => ({
      importEurPerKWh: Float64Array.from(slots, (s) => (s.startMs === T0 ? NaN : 0.4)),
      exportEurPerKWh: Float64Array.from(slots, () => 0.1),
    }), { fromMs: T0, toMs: T0 + 4 * Q }, "UTC");
    expect(r.days[0]?.slots).toBe(2);
    expect(r.days[0]?.noBattery.importKWh).toBeCloseTo(0.35, 9);
  });

  it("prices from stored plan runs: each quarter of a planner slot, later runs win, foreign inputs ignored", () => {
    const slot = (startMs: number, endMs: number, imp: number) => ({ startMs, endMs, importPriceEurPerKWh: imp, exportPriceEurPerKWh: imp / 4, loadW: 0, pvW: 0 });
    const runs = [
      { id: 2, schemaVersion: 1, generatedAtMs: T0, input: { slots: [slot(T0 + Q, T0 + 2 * Q, 0.5)] }, result: null },
      { id: 1, schemaVersion: 1, generatedAtMs: T0, input: { slots: [slot(T0, T0 + 2 * Q, 0.3)] }, result: null },
      { id: 3, schemaVersion: 1, generatedAtMs: T0, input: { something: "else" }, result: null },
    ];
    const quarters = [0, 1, 2].map((i) => ({ startMs: T0 + i * Q, endMs: T0 + (i + 1) * Q, loadW: 0, pvW: 0, pvForecastW: null, spotEurPerKWh: null }));
    const p = pricesFromPlanRuns(runs)(quarters);
    expect([...p.importEurPerKWh]).toEqual([0.3, 0.5, NaN]);
    expect([...p.exportEurPerKWh]).toEqual([0.075, 0.125, NaN]);
  });
});
