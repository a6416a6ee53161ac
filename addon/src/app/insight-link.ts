import type { Clock, EpochMs, HistoryReader, Logger, PlanRunStore, Scheduler, Solver, TariffRecommendation, Unsubscribe } from "../domain/index.js";
import type { Config } from "../config/index.js";
import { createSavingsCache, recommendTariff, savingsNow, startOfLocalDay, startOfLocalMonth, type Recommendation, type SavingsSensorValues, type TariffSensor } from "../insight/index.js";

/**
 * The insight sensors as the service keeps them (issue 7 §1, §3): savings recomputed every few
 * minutes from the history store, the tariff recommendation once a day. Failures are logged
 * and leave the last values (null at first); they never reach the loops.
 */
export interface InsightValues {
  readonly savings: SavingsSensorValues | null;
  readonly periodStartMs: { readonly dayMs: EpochMs; readonly monthMs: EpochMs } | null;
  readonly tariff: TariffRecommendation | null;
  /** Why there is no recommendation (off, too little data, …), for logs and the status page. */
  readonly tariffNote: string;
}

export interface InsightLink {
  values(): InsightValues;
  stop(): void;
}

/** Computes the recommendation at `nowMs` (in-process, or in a child process for a year of history). */
export type TariffRunner = (nowMs: EpochMs) => Promise<Recommendation>;

export interface InsightLinkOptions {
  readonly config: Config;
  readonly store: HistoryReader & PlanRunStore;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly timeZone: string;
  readonly solver: () => Promise<Solver | null>;
  /** Default: recommendTariff in this process (fine for the demo's short history). */
  readonly tariffs?: TariffRunner;
  /** Called after any value changed (the MQTT state is re-published). */
  readonly onChange?: () => void;
}

export const SAVINGS_PERIOD_MS = 5 * 60_000;
export const TARIFF_PERIOD_MS = 24 * 3_600_000;
/** The first recommendation waits until start-up (first plan, HiGHS warm-up) is over. */
export const TARIFF_FIRST_DELAY_MS = 10 * 60_000;

export function toRecommendation(sensor: TariffSensor): TariffRecommendation {
  const a = sensor.attributes;
  return {
    best: sensor.state,
    summary: a.summary.slice(0, 2000),
    daysUsed: a.days_used,
    monthsExtrapolated: [...a.months_extrapolated],
    candidates: a.candidates.map((c) => ({ name: c.name, rank: c.rank, yearlyEur: c.yearly_eur, standingEur: c.standing_eur, batterySavingEur: c.battery_saving_eur })),
  };
}

export function describeRecommendation(r: Recommendation): string {
  switch (r.kind) {
    case "ranked":
      return r.skipped.length === 0 ? "ranked" : `ranked; skipped for want of day-ahead prices: ${r.skipped.join(", ")}`;
    case "off":
      return "tariffs.enabled is off";
    case "too_little_data":
      return `only ${r.days} complete days of history; the ranking needs 30`;
    case "no_candidates":
      return `no candidate can be priced (need day-ahead prices): ${r.skipped.join(", ")}`;
  }
}

/** Local midnight of today and of the first of this month. */
export function periodStarts(nowMs: EpochMs, timeZone: string): { dayMs: EpochMs; monthMs: EpochMs } {
  return { dayMs: startOfLocalDay(nowMs, timeZone), monthMs: startOfLocalMonth(nowMs, timeZone) };
}

function defaultRunner(opts: InsightLinkOptions): TariffRunner {
  return async (nowMs) => {
    const solver = await opts.solver();
    if (solver === null) throw new Error("no solver");
    return recommendTariff(opts.store, opts.config, nowMs, opts.timeZone, solver);
  };
}

export function startInsight(opts: InsightLinkOptions): InsightLink {
  let savings: SavingsSensorValues | null = null;
  let periodStartMs: InsightValues["periodStartMs"] = null;
  let tariff: TariffRecommendation | null = null;
  let tariffNote = opts.config.tariffs.enabled ? "not computed yet" : "tariffs.enabled is off";
  const runTariffs: TariffRunner = opts.tariffs ?? defaultRunner(opts);
  const savingsCache = createSavingsCache();
  const refreshSavings = (): void => {
    const nowMs = opts.clock.nowMs();
    try {
      savings = savingsNow(opts.store, opts.config, nowMs, opts.timeZone, savingsCache).sensors;
      periodStartMs = periodStarts(nowMs, opts.timeZone);
      opts.onChange?.();
    } catch (err) {
      opts.logger.warn("savings could not be computed; keeping the last values", { error: String(err) });
    }
  };
  let tariffBusy = false;
  const refreshTariffs = (): void => {
    if (!opts.config.tariffs.enabled || tariffBusy) return;
    tariffBusy = true;
    void runTariffs(opts.clock.nowMs())
      .then((r) => {
        tariffNote = describeRecommendation(r);
        if (r.kind === "ranked") tariff = toRecommendation(r.sensor);
        opts.logger.info("tariff recommendation", { result: tariffNote, best: tariff?.best ?? null });
        opts.onChange?.();
      })
      .catch((err: unknown) => {
        tariffNote = `failed: ${String(err)}`;
        opts.logger.warn("tariff recommendation failed; keeping the last one", { error: String(err) });
      })
      .finally(() => {
        tariffBusy = false;
      });
  };
  const stops: Unsubscribe[] = [
    opts.scheduler.setTimeout(refreshSavings, 30_000),
    opts.scheduler.setInterval(refreshSavings, SAVINGS_PERIOD_MS),
    opts.scheduler.setTimeout(refreshTariffs, TARIFF_FIRST_DELAY_MS),
    opts.scheduler.setInterval(refreshTariffs, TARIFF_PERIOD_MS),
  ];
  return {
    // The periods' starts are always known (a null last_reset makes HA log a warning).
    values: () => ({ savings, periodStartMs: periodStartMs ?? periodStarts(opts.clock.nowMs(), opts.timeZone), tariff, tariffNote }),
    stop() {
      for (const s of stops.splice(0)) s();
    },
  };
}
