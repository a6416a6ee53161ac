// The insight sensors as the service keeps them: savings every few minutes from the store, the
// tariff recommendation once a day through its runner; failures keep the last values.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger, type Sample } from "../../addon/src/domain/index.js";
import { openHistoryStore, type HistoryStore } from "../../addon/src/store/index.js";
import { optionsSchema } from "../../addon/src/config/schema.js";
import { periodStarts, SAVINGS_PERIOD_MS, startInsight, TARIFF_FIRST_DELAY_MS, TARIFF_PERIOD_MS, type TariffRunner } from "../../addon/src/app/insight-link.js";
import { recommendationFromOutput } from "../../addon/src/app/tariff-process.js";
import type { Recommendation } from "../../addon/src/insight/index.js";
import { createJsLpSolver } from "../../addon/src/planner/solvers/jslp-solver.js";
import { ManualTime } from "./manual-time.js";

const Q = 900_000;
const T0 = Date.UTC(2024, 5, 10, 22, 0); // local midnight in Berlin (CEST)
const TZ = "Europe/Berlin";
let dir = "";
let store: HistoryStore | null = null;
afterEach(() => {
  store?.close();
  store = null;
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

/** Two days of a household that imports 400 W and a battery that covers 200 W of it in the evening. */
function seeded(): HistoryStore {
  dir = mkdtempSync(path.join(tmpdir(), "sunshift-insight-link-"));
  const s = openHistoryStore({ path: path.join(dir, "h.db"), logger: silentLogger, rollupDelayMs: 0 });
  const out: Sample[] = [];
  for (let q = 0; q < 2 * 96; q++) {
    const evening = q % 96 >= 72;
    for (let k = 0; k < 3; k++) {
      const atMs = T0 + q * Q + k * 300_000;
      out.push({ series: "load_w", atMs, value: 400 }, { series: "pv_w", atMs, value: 0 }, { series: "grid_w", atMs, value: evening ? 200 : 400 }, { series: "soc_pct", atMs, value: 50 });
    }
  }
  s.append(out);
  s.flush(T0 + 2 * 96 * Q);
  s.maintain(T0 + 2 * 96 * Q + 60_000);
  return s;
}

const ranked: Recommendation = {
  kind: "ranked",
  skipped: [],
  sensor: { state: "Night", attributes: { summary: "Night is cheapest.", days_used: 365, months_extrapolated: [], candidates: [{ name: "Night", rank: 1, yearly_eur: 700, standing_eur: 120, battery_saving_eur: 90 }] } },
};

describe("insight link", () => {
  it("computes the savings sensors 30 s after start and every 5 minutes, with today's and this month's start", () => {
    store = seeded();
    const time = new ManualTime(T0 + 2 * 96 * Q - 3_600_000);
    let changes = 0;
    const link = startInsight({ config: optionsSchema.parse({}), store, clock: time, scheduler: time, logger: silentLogger, timeZone: TZ, solver: () => Promise.resolve(createJsLpSolver()), onChange: () => changes++ });
    expect(link.values().savings).toBeNull();
    time.advance(30_000);
    const v = link.values();
    expect(v.periodStartMs).toEqual(periodStarts(time.nowMs(), TZ));
    expect(v.periodStartMs?.dayMs).toBe(T0 + 96 * Q);
    expect(v.periodStartMs?.monthMs).toBe(Date.UTC(2024, 4, 31, 22, 0));
    // Now is 23:00:30 local. The battery covered 200 W from 18:00 on: 21 quarter hours (the running
    // one counts with its mean so far) × 0.05 kWh = 1.05 kWh less import than without it.
    expect((v.savings?.importTodayNoBatteryKWh ?? 0) - (v.savings?.importTodayKWh ?? 0)).toBeCloseTo(1.05, 6);
    expect(v.savings?.savingsMonthEur).not.toBeNull();
    expect(v.tariffNote).toBe("tariffs.enabled is off");
    time.advance(SAVINGS_PERIOD_MS);
    expect(changes).toBe(2);
    link.stop();
  });

  it("runs the tariff recommendation 10 minutes after start and then daily; a failure keeps the last one", async () => {
    store = seeded();
    const time = new ManualTime(T0);
    const answers: (Recommendation | Error)[] = [ranked, new Error("child exited with 2")];
    let calls = 0;
    const runner: TariffRunner = () => {
      calls++;
      const a = answers.shift() ?? new Error("no more");
      return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
    };
    const config = optionsSchema.parse({ tariffs: { enabled: true } });
    const link = startInsight({ config, store, clock: time, scheduler: time, logger: silentLogger, timeZone: TZ, solver: () => Promise.resolve(null), tariffs: runner });
    time.advance(TARIFF_FIRST_DELAY_MS - 1);
    expect(calls).toBe(0);
    time.advance(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(link.values().tariff).toMatchObject({ best: "Night", daysUsed: 365, candidates: [{ name: "Night", rank: 1, yearlyEur: 700 }] });
    time.advance(TARIFF_PERIOD_MS);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
    expect(link.values().tariff?.best).toBe("Night");
    expect(link.values().tariffNote).toMatch(/^failed: .*child exited with 2/);
    link.stop();
  });

  it("with the in-process default: too little history is said so, not an error", async () => {
    store = seeded();
    const time = new ManualTime(T0 + 2 * 96 * Q);
    const config = optionsSchema.parse({ tariffs: { enabled: true } });
    const link = startInsight({ config, store, clock: time, scheduler: time, logger: silentLogger, timeZone: TZ, solver: () => Promise.resolve(createJsLpSolver()) });
    time.advance(TARIFF_FIRST_DELAY_MS);
    await new Promise((r) => setTimeout(r, 10));
    expect(link.values().tariff).toBeNull();
    expect(link.values().tariffNote).toBe("only 2 complete days of history; the ranking needs 30");
    link.stop();
  });
});

describe("tariff child process output", () => {
  it("turns `sunshift tariffs --json` into the sensor, and refuses anything else with the path", () => {
    const doc = { daysUsed: 200, monthsExtrapolated: [1, 2], summary: "s", method: "m", results: [{ name: "A", rank: 1, yearlyCostEur: 701.4, standingEur: 120, batterySavingEur: 88.6, explanation: "x" }] };
    const r = recommendationFromOutput(JSON.stringify(doc));
    expect(r).toMatchObject({ kind: "ranked", sensor: { state: "A", attributes: { days_used: 200, months_extrapolated: [1, 2], candidates: [{ name: "A", yearly_eur: 701, battery_saving_eur: 89 }] } } });
    expect(recommendationFromOutput(JSON.stringify({ ...doc, daysUsed: 12 }))).toEqual({ kind: "too_little_data", days: 12 });
    expect(() => recommendationFromOutput(JSON.stringify({ ...doc, results: [{ name: "A" }] }))).toThrow(/results\.0\.rank/);
  });
});
