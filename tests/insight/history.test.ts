// The savings report and `sunshift tariffs --db` over a real SQLite history store (rolled-up
// 15-minute buckets), with the prices taken from a stored plan run as the slow loop saves it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { BatteryModel, Sample } from "../../addon/src/domain/index.js";
import { silentLogger } from "../../addon/src/domain/index.js";
import { openHistoryStore } from "../../addon/src/store/index.js";
import { computeSavings } from "../../addon/src/insight/savings.js";
import { pricesFromPlanRuns } from "../../addon/src/insight/sensors.js";
import { recommendTariff, savingsNow, startOfLocalMonth } from "../../addon/src/insight/service-hooks.js";
import { optionsSchema } from "../../addon/src/config/schema.js";
import { createJsLpSolver } from "../../addon/src/planner/solvers/jslp-solver.js";
import { runTariffsCommand } from "../../addon/src/cli/tariffs-command.js";
import { capture } from "./support/capture.js";

const Q = 900_000;
const T0 = Date.UTC(2026, 0, 5);
const QUARTERS = 2 * 96;
const IMPORT = 0.3;
const EXPORT = 0.05;

const battery: BatteryModel = {
  capacityWh: 1920, socMinPct: 10, socMaxPct: 100, maxOutputW: 800, maxAcChargeW: 1000, maxChargeDcW: 1200, maxDischargeDcW: 1200,
  chargeEfficiency: 0.96, dischargeEfficiency: 0.96, inverterEfficiency: 0.95, wearCostEurPerKWh: 0.02, terminalValueEurPerKWh: 0.1,
};
const maxExportW = 800;

const loadW = (q: number): number => 250 + 150 * (q % 4) + (q % 96 >= 72 && q % 96 < 88 ? 900 : 0);
const pvW = (q: number): number => Math.max(0, 1400 * Math.sin((((q % 96) - 28) / 48) * Math.PI));
const gridW = (q: number): number => Math.round(loadW(q) - Math.min(800, pvW(q) * 0.95) - 120);
const socPct = (q: number): number => 20 + (q % 96) / 2;

/** Three samples per quarter hour (5-min spacing) of the same value: the bucket mean is exact. */
function samples(): Sample[] {
  const out: Sample[] = [];
  for (let q = 0; q < QUARTERS; q++) {
    for (let k = 0; k < 3; k++) {
      const atMs = T0 + q * Q + k * 300_000;
      out.push({ series: "load_w", atMs, value: loadW(q) }, { series: "pv_w", atMs, value: pvW(q) }, { series: "grid_w", atMs, value: gridW(q) }, { series: "soc_pct", atMs, value: socPct(q) });
    }
  }
  return out;
}

function seedStore(file: string): void {
  const store = openHistoryStore({ path: file, logger: silentLogger, rollupDelayMs: 0 });
  store.append(samples());
  store.flush(T0 + QUARTERS * Q);
  store.maintain(T0 + QUARTERS * Q + 60_000);
  const slots = Array.from({ length: QUARTERS }, (_, q) => ({ startMs: T0 + q * Q, endMs: T0 + (q + 1) * Q, importPriceEurPerKWh: IMPORT, exportPriceEurPerKWh: EXPORT, loadW: 0, pvW: 0 }));
  store.savePlanRun({ schemaVersion: 1, generatedAtMs: T0, input: { trigger: "schedule", nowMs: T0, slots }, result: {} });
  store.close();
}

const dir = mkdtempSync(path.join(tmpdir(), "sunshift-insight-db-"));

describe("savings from the history store", () => {
  it("per day: metered bill, and the no-battery counterfactual by the plain formula", () => {
    const file = path.join(dir, "savings.db");
    seedStore(file);
    const store = openHistoryStore({ path: file, logger: silentLogger });
    const report = computeSavings(store, { battery, grid: { maxImportW: null, maxExportW } }, pricesFromPlanRuns(store.planRuns(200)), { fromMs: T0, toMs: T0 + QUARTERS * Q }, "UTC");
    store.close();
    expect(report.days.map((d) => [d.period, d.slots])).toEqual([["2026-01-05", 96], ["2026-01-06", 96]]);
    for (const [i, d] of report.days.entries()) {
      let bill = 0;
      let noBattery = 0;
      for (let q = i * 96; q < (i + 1) * 96; q++) {
        const g = gridW(q);
        bill += (g > 0 ? g * IMPORT : g * EXPORT) * 0.25e-3;
        const nb = loadW(q) - Math.min(pvW(q) * 0.95, 800, loadW(q) + maxExportW);
        noBattery += (nb > 0 ? nb * IMPORT : nb * EXPORT) * 0.25e-3;
      }
      expect(d.actual.billEur).toBeCloseTo(bill, 9);
      expect(d.noBattery.billEur).toBeCloseTo(noBattery, 9);
      // SOC 20 % → 67.5 % over the day (first and last bucket), valued at 0.10 €/kWh.
      expect(d.actual.storedChangeKWh).toBeCloseTo((47.5 / 100) * 1.92, 9);
      expect(d.savingEur).toBeCloseTo(d.noBattery.costEur - d.actual.costEur, 12);
      expect(d.selfConsumption.costEur).toBeLessThanOrEqual(d.noBattery.costEur + 1e-9);
    }
    const month = report.months[0];
    expect(month?.period).toBe("2026-01");
    expect(month?.savingEur).toBeCloseTo(report.days.reduce((a, d) => a + d.savingEur, 0), 12);
    expect(month?.actual.importKWh).toBeCloseTo(report.days.reduce((a, d) => a + d.actual.importKWh, 0), 12);
  });

  it("sunshift tariffs --db ranks fixed and day/night candidates on the stored load and PV", async () => {
    const file = path.join(dir, "tariffs.db");
    seedStore(file);
    const options = path.join(dir, "options.yaml");
    writeFileSync(options, [
      "tariffs:",
      "  candidates:",
      "    - { name: Flat, kind: fixed, price_eur_per_kwh: 0.30, standing_eur_per_month: 10 }",
      "    - { name: Night, kind: tou, price_eur_per_kwh: 0.36, offpeak_price_eur_per_kwh: 0.20, offpeak_from: '22:00', offpeak_to: '06:00', standing_eur_per_month: 10 }",
    ].join("\n"));
    const stdout = capture();
    const stderr = capture();
    const code = await runTariffsCommand(["--db", file, "--config", options, "--from", "2026-01-05", "--to", "2026-01-07", "--tz", "UTC"], { stdout: stdout.stream, stderr: stderr.stream }, { clock: { nowMs: () => T0 + QUARTERS * Q }, env: {} });
    const out = stdout.text();
    expect(stderr.text()).toBe("note: only 2 complete days of data; at least 30 give a meaningful ranking\n");
    expect(code).toBe(0);
    expect(out).toMatch(/^1\s+(Flat|Night)\s/m);
    expect(out).toMatch(/Based on 2 complete days \(2026-01-05 to 2026-01-06\); Feb, Mar, .* Dec extrapolated/);
  }, 60_000);

  it("the service hooks: savings since the start of the month with the add-on's own prices; the recommendation says why it is silent", () => {
    const file = path.join(dir, "hooks.db");
    seedStore(file);
    const store = openHistoryStore({ path: file, logger: silentLogger });
    const config = optionsSchema.parse({ prices: { source: "fixed", fixed_price_eur_per_kwh: IMPORT, feed_in_eur_per_kwh: EXPORT } });
    const nowMs = T0 + QUARTERS * Q - 1;
    const { report, sensors } = savingsNow(store, config, nowMs, "UTC");
    expect(report.days.map((d) => d.period)).toEqual(["2026-01-05", "2026-01-06"]);
    expect(sensors.savingsMonthEur).toBeCloseTo((report.days[0]?.savingEur ?? NaN) + (report.days[1]?.savingEur ?? NaN), 12);
    expect(sensors.savingsTodayEur).toBeCloseTo(report.days[1]?.savingEur ?? NaN, 12);
    const solver = createJsLpSolver();
    expect(recommendTariff(store, config, nowMs, "UTC", solver)).toEqual({ kind: "off" });
    const on = optionsSchema.parse({ tariffs: { enabled: true } });
    expect(recommendTariff(store, on, nowMs, "UTC", solver)).toEqual({ kind: "too_little_data", days: 2 });
    store.close();
  });

  it("the month starts at local midnight of the 1st (Europe/Berlin, winter and summer time)", () => {
    expect(startOfLocalMonth(Date.parse("2026-01-17T12:00:00Z"), "Europe/Berlin")).toBe(Date.parse("2025-12-31T23:00:00Z"));
    expect(startOfLocalMonth(Date.parse("2026-07-01T00:30:00+02:00"), "Europe/Berlin")).toBe(Date.parse("2026-06-30T22:00:00Z"));
  });
});
