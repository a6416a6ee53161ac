import { z } from "zod";
import type { EpochMs, PriceSlot, StoredPlanRun } from "../domain/index.js";
import { localDays } from "./days.js";
import type { TariffRanking } from "./ranking.js";
import type { SavingsPrices, SavingsReport } from "./savings.js";
import { withSpot } from "./site-data.js";
import { tariffPrices, type Tariff } from "./tariff.js";

/**
 * What the insight sensors publish, and the price sources the savings report can use. The
 * service calls these; the MQTT state document carries the values (EUR rounded to 0.01, kWh to
 * 0.001).
 */

/** Today's and this month's figures (local time), null when the report has no such period. */
export interface SavingsSensorValues {
  readonly savingsTodayEur: number | null;
  readonly savingsMonthEur: number | null;
  readonly optimizerShareTodayEur: number | null;
  readonly optimizerShareMonthEur: number | null;
  /** Grid import today: measured, and what it would have been without the battery. */
  readonly importTodayKWh: number | null;
  readonly importTodayNoBatteryKWh: number | null;
}

export function savingsSensorValues(report: SavingsReport, nowMs: EpochMs, timeZone: string): SavingsSensorValues {
  const today = localDays([{ startMs: nowMs, endMs: nowMs + 1 }], timeZone)[0];
  const day = report.days.find((d) => d.period === today?.day);
  const month = report.months.find((m) => m.period === today?.month);
  return {
    savingsTodayEur: day?.savingEur ?? null,
    savingsMonthEur: month?.savingEur ?? null,
    optimizerShareTodayEur: day?.optimizerShareEur ?? null,
    optimizerShareMonthEur: month?.optimizerShareEur ?? null,
    importTodayKWh: day?.actual.importKWh ?? null,
    importTodayNoBatteryKWh: day?.noBattery.importKWh ?? null,
  };
}

/** Prices of a configured tariff; `spot` (EUR/kWh, sorted) is needed for dynamic or spot-export tariffs. */
export function pricesFromTariff(tariff: Tariff, spot: readonly PriceSlot[], timeZone: string): SavingsPrices {
  return (slots) => tariffPrices(tariff, withSpot(slots, spot), timeZone);
}

const storedSlot = z.object({ startMs: z.number(), endMs: z.number(), importPriceEurPerKWh: z.number(), exportPriceEurPerKWh: z.number() });
const storedInput = z.object({ slots: z.array(storedSlot) });

/**
 * The import and export prices the planner used, from stored plan runs (the slow loop persists
 * each run's input): later runs win. Covers as far back as the runs kept in the store.
 */
export function pricesFromPlanRuns(runs: readonly StoredPlanRun[]): SavingsPrices {
  const byQuarter = new Map<EpochMs, readonly [number, number]>();
  for (const run of [...runs].sort((a, b) => a.id - b.id)) {
    const parsed = storedInput.safeParse(run.input);
    if (!parsed.success) continue;
    for (const s of parsed.data.slots) {
      for (let q = s.startMs; q < s.endMs; q += 900_000) byQuarter.set(q, [s.importPriceEurPerKWh, s.exportPriceEurPerKWh]);
    }
  }
  return (slots) => ({
    importEurPerKWh: Float64Array.from(slots, (s) => byQuarter.get(s.startMs)?.[0] ?? NaN),
    exportEurPerKWh: Float64Array.from(slots, (s) => byQuarter.get(s.startMs)?.[1] ?? NaN),
  });
}

/** Attributes stay far below HA's 16 KiB recorder limit: one short row per candidate. */
export interface TariffSensor {
  /** The recommended tariff's name (≤ 64 characters, from the options). */
  readonly state: string;
  readonly attributes: {
    readonly summary: string;
    readonly days_used: number;
    readonly months_extrapolated: readonly number[];
    readonly candidates: readonly { readonly name: string; readonly rank: number; readonly yearly_eur: number; readonly standing_eur: number; readonly battery_saving_eur: number }[];
  };
}

/** The tariff_recommendation sensor's state and attributes (EUR rounded to whole euros). */
export function tariffSensor(r: TariffRanking): TariffSensor {
  return {
    state: r.results[0]?.name ?? "unknown",
    attributes: {
      summary: r.summary,
      days_used: r.daysUsed,
      months_extrapolated: r.monthsExtrapolated,
      candidates: r.results.map((c) => ({
        name: c.name,
        rank: c.rank,
        yearly_eur: Math.round(c.yearlyCostEur),
        standing_eur: Math.round(c.standingEur),
        battery_saving_eur: Math.round(c.batterySavingEur),
      })),
    },
  };
}

