import { MAX_STATE_CHARS, type DataInput, type EntitiesState, type TariffRecommendation } from "../domain/entities.js";

/**
 * The retained JSON state document on `sunshift/<id>/state`. Every entity reads one field of it
 * through `value_template: {{ value_json.<field> }}`. A JSON null renders as Jinja's `None`,
 * which HA's MQTT sensor takes as "unknown" rather than as a text.
 */
export interface StateDoc {
  readonly mode: string;
  readonly reserve_soc: number;
  readonly grid_target: number;
  readonly optimizer: "ON" | "OFF";
  /** The plan sensor's state: the current action, ≤ 255 characters. */
  readonly action: string;
  readonly problem: "ON" | "OFF";
  readonly problem_cause: string | null;
  readonly data_age_grid_meter: number | null;
  readonly data_age_battery: number | null;
  readonly data_age_prices: number | null;
  readonly data_age_pv_forecast: number | null;
  readonly data_age_load_forecast: number | null;
  /** EUR, 2 decimals. */
  readonly savings_today: number | null;
  readonly savings_month: number | null;
  /** ISO 8601 UTC of local midnight starting today / this month: the savings sensors' `last_reset`. */
  readonly savings_today_since: string | null;
  readonly savings_month_since: string | null;
  /** EUR, 2 decimals: the optimizer's part of this month's saving. */
  readonly optimizer_share_month: number | null;
  /** kWh, 3 decimals. */
  readonly import_today: number | null;
  readonly import_today_no_battery: number | null;
  /** The recommended tariff's name, and the ranking (the sensor's attributes; empty until computed). */
  readonly tariff: string | null;
  readonly tariff_summary: string;
  readonly tariff_days_used: number;
  readonly tariff_months_extrapolated: readonly number[];
  readonly tariff_candidates: readonly TariffCandidateRow[];
  /** ISO 8601 UTC, for `device_class: timestamp`. */
  readonly next_cheap_start: string | null;
  readonly next_cheap_end: string | null;
  readonly soc: number | null;
  readonly battery_power: number | null;
  readonly pv_power: number | null;
  readonly home_load: number | null;
  readonly grid_power: number | null;
}

export type StateField = keyof StateDoc;

/** One candidate of the tariff recommendation's `candidates` attribute (snake_case, whole euros per year). */
export interface TariffCandidateRow {
  readonly name: string;
  readonly rank: number;
  readonly yearly_eur: number;
  readonly standing_eur: number;
  readonly battery_saving_eur: number;
}

function candidateRows(t: TariffRecommendation | null): TariffCandidateRow[] {
  return (t?.candidates ?? []).map((c) => ({ name: c.name, rank: c.rank, yearly_eur: Math.round(c.yearlyEur), standing_eur: Math.round(c.standingEur), battery_saving_eur: Math.round(c.batterySavingEur) }));
}

/** State-doc field holding the data age of `input`. */
export function dataAgeField(input: DataInput): StateField {
  return `data_age_${input}`;
}

const onOff = (b: boolean): "ON" | "OFF" => (b ? "ON" : "OFF");
const round = (v: number | null, decimals = 0): number | null => {
  if (v === null) return null;
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};
/** HA counts characters (code points); never split a surrogate pair. */
const clip = (text: string): string => Array.from(text).slice(0, MAX_STATE_CHARS).join("");
const iso = (ms: number): string => new Date(ms).toISOString();

/** The wire document for `state`. Powers and ages are rounded to 1, money to 0.01. */
export function toStateDoc(state: EntitiesState): StateDoc {
  const age = state.dataAgeS;
  const live = state.live;
  return {
    mode: state.mode,
    reserve_soc: state.reserveSocPct,
    grid_target: state.gridTargetW,
    optimizer: onOff(state.optimizerEnabled),
    action: clip(state.currentAction),
    problem: onOff(state.problem.active),
    problem_cause: state.problem.active ? state.problem.cause : null,
    data_age_grid_meter: round(age.grid_meter),
    data_age_battery: round(age.battery),
    data_age_prices: round(age.prices),
    data_age_pv_forecast: round(age.pv_forecast),
    data_age_load_forecast: round(age.load_forecast),
    savings_today: round(state.savingsTodayEur, 2),
    savings_month: round(state.savingsMonthEur, 2),
    savings_today_since: state.periodStartMs === null ? null : iso(state.periodStartMs.dayMs),
    savings_month_since: state.periodStartMs === null ? null : iso(state.periodStartMs.monthMs),
    optimizer_share_month: round(state.optimizerShareMonthEur, 2),
    import_today: round(state.importTodayKWh, 3),
    import_today_no_battery: round(state.importTodayNoBatteryKWh, 3),
    tariff: state.tariff === null ? null : clip(state.tariff.best),
    tariff_summary: state.tariff?.summary ?? "",
    tariff_days_used: state.tariff?.daysUsed ?? 0,
    tariff_months_extrapolated: state.tariff?.monthsExtrapolated ?? [],
    tariff_candidates: candidateRows(state.tariff),
    next_cheap_start: state.nextCheapWindow === null ? null : iso(state.nextCheapWindow.startMs),
    next_cheap_end: state.nextCheapWindow === null ? null : iso(state.nextCheapWindow.endMs),
    soc: round(live.socPct),
    battery_power: round(live.batteryW),
    pv_power: round(live.pvW),
    home_load: round(live.homeLoadW),
    grid_power: round(live.gridW),
  };
}
