// Tariff ranking on real data: the household year ../shared/data/emhass/long_train_data.csv
// (France, 30 min; PV × 0.4 for a balcony system as in OPTIMIZATION.md §3.5) and the AT
// day-ahead prices ../shared/data/prices/awattar-at-epex-dayahead-hourly-2017-2026.csv, with
// the four example candidates of the `tariffs` options. 35 days (June 2024) keep the test short;
// the other eleven months are extrapolated and the ranking must say so.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Solver } from "../../addon/src/domain/index.js";
import { optionsSchema } from "../../addon/src/config/schema.js";
import { batteryModelOf, gridModelOf } from "../../addon/src/config/index.js";
import { createHighsSolver } from "../../addon/src/planner/solvers/highs-solver.js";
import { rankTariffs, type TariffRanking } from "../../addon/src/insight/ranking.js";
import { parseSiteCsv, parseSpotCsv, scalePv, withSpot, type SiteSlot } from "../../addon/src/insight/site-data.js";
import { tariffSensor } from "../../addon/src/insight/sensors.js";

const data = (rel: string): string => readFileSync(new URL(`../../../shared/data/${rel}`, import.meta.url), "utf8");
const config = optionsSchema.parse({});
const site = { battery: batteryModelOf(config.battery), grid: gridModelOf(config.planner), timeZone: "Europe/Paris" };
const candidates = config.tariffs.candidates;

let slots: SiteSlot[];
let solver: Solver;
let ranking: TariffRanking;

beforeAll(async () => {
  const s = parseSiteCsv(data("emhass/long_train_data.csv"));
  const p = parseSpotCsv(data("prices/awattar-at-epex-dayahead-hourly-2017-2026.csv"));
  if (!s.ok || !p.ok) throw new Error("data");
  const from = Date.parse("2024-06-01T00:00:00+02:00");
  const to = Date.parse("2024-07-06T00:00:00+02:00");
  slots = scalePv(withSpot(s.value.slots, p.value), 0.4).filter((x) => x.startMs >= from && x.startMs < to);
  solver = await createHighsSolver();
  ranking = rankTariffs(slots, candidates, site, solver);
}, 120_000);

describe("rankTariffs on 35 days of the real year", () => {
  it("uses the 35 complete local days and says that ten months are extrapolated", () => {
    expect(ranking.daysUsed).toBe(35);
    expect([ranking.firstDay, ranking.lastDay]).toEqual(["2024-06-01", "2024-07-05"]);
    expect(ranking.monthsCovered).toEqual([6, 7]);
    expect(ranking.monthsExtrapolated).toEqual([1, 2, 3, 4, 5, 8, 9, 10, 11, 12]);
    expect(ranking.summary).toMatch(/Jan, Feb, Mar, Apr, May, Aug, Sep, Oct, Nov, Dec extrapolated/);
  });

  it("ranks by yearly cost = energy + 12 × standing charge, ranks 1..n", () => {
    const costs = ranking.results.map((r) => r.yearlyCostEur);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
    expect(ranking.results.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    for (const r of ranking.results) {
      const c = candidates.find((t) => t.name === r.name);
      expect(r.standingEur).toBeCloseTo(12 * (c?.standingEurPerMonth ?? NaN), 9);
      expect(r.yearlyCostEur).toBeCloseTo(r.energyCostEur + r.standingEur, 9);
      expect(r.batterySavingEur).toBeCloseTo(r.noBatteryYearlyCostEur - r.yearlyCostEur, 9);
      // Re-optimised with perfect foresight, the battery never costs money over a month of June.
      expect(r.batterySavingEur).toBeGreaterThan(0);
      expect(r.explanation).toContain(r.name);
    }
    expect(new Set(ranking.results.map((r) => r.name))).toEqual(new Set(candidates.map((c) => c.name)));
  });

  it("explains where the difference comes from: cheap-hour share, battery shift, standing charge", () => {
    const flat = ranking.results.find((r) => r.name === "Fixed price");
    const dyn = ranking.results.find((r) => r.name === "Dynamic, spot feed-in");
    expect(flat?.cheapLoadSharePct).toBeNull();
    expect(flat?.gridChargeKWh).toBeLessThan(1);
    expect(dyn?.cheapLoadSharePct).toBeGreaterThan(5);
    expect(dyn?.cheapLoadSharePct).toBeLessThan(60);
    expect(dyn?.explanation).toMatch(/cheapest quarter of hours/);
    expect(flat?.explanation).toMatch(/144 € standing charge/);
    // Same load and PV under every tariff: the yearly consumption is one number.
    const loads = new Set(ranking.results.map((r) => Math.round(r.importKWh / 50)));
    expect(loads.size).toBeLessThanOrEqual(2);
  });

  it("the order does not depend on the order of the candidates", () => {
    const reversed = rankTariffs(slots, [...candidates].reverse(), site, solver);
    expect(reversed.results.map((r) => r.name)).toEqual(ranking.results.map((r) => r.name));
    expect(reversed.results.map((r) => r.yearlyCostEur)).toEqual(ranking.results.map((r) => r.yearlyCostEur));
  }, 60_000);

  it("the sensor: state = the winner, compact attributes far below HA's 16 KiB", () => {
    const s = tariffSensor(ranking);
    expect(s.state).toBe(ranking.results[0]?.name);
    expect(s.attributes.candidates).toHaveLength(4);
    expect(s.attributes.months_extrapolated).toHaveLength(10);
    expect(JSON.stringify(s.attributes).length).toBeLessThan(4096);
  });
});
