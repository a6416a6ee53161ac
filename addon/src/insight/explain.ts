import type { TariffRanking, TariffResult } from "./ranking.js";
import type { Tariff } from "./tariff.js";

/**
 * The words behind the tariff ranking (English; the CLI and the sensor's `summary` attribute).
 * Every number comes from the ranking itself.
 */

const eur = (x: number): string => `${Math.round(x).toLocaleString("en-US")} €`;
const kwh = (x: number): string => `${Math.round(x).toLocaleString("en-US")} kWh`;
const pct = (x: number): string => `${Math.round(x)} %`;
const ct = (x: number): string => `${(x * 100).toFixed(1)} ct/kWh`;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function importWords(t: Tariff): string {
  switch (t.import.kind) {
    case "fixed":
      return `a flat ${ct(t.import.priceEurPerKWh)}`;
    case "tou":
      return `${t.import.bands.map((b) => `${ct(b.priceEurPerKWh)} from ${b.from} to ${b.to}`).join(", ")} and ${ct(t.import.defaultPriceEurPerKWh)} otherwise`;
    case "dynamic":
      return "the day-ahead price plus fees and VAT";
  }
}

/** One paragraph for one candidate. */
export function explainTariff(t: Tariff, r: Omit<TariffResult, "rank" | "explanation">): string {
  const parts = [
    `${t.name}: ${eur(r.yearlyCostEur)} a year = ${eur(r.energyCostEur)} energy (after ${eur(r.exportRevenueEur)} export revenue) + ${eur(r.standingEur)} standing charge; import priced at ${importWords(t)}, ${ct(r.avgImportPriceEurPerKWh)} paid on average for ${kwh(r.importKWh)}.`,
  ];
  if (r.cheapLoadSharePct !== null && r.dearLoadSharePct !== null) {
    parts.push(
      t.import.kind === "tou"
        ? `${pct(r.cheapLoadSharePct)} of the household's consumption falls in the off-peak window.`
        : `${pct(r.cheapLoadSharePct)} of the household's consumption falls in each day's cheapest quarter of hours, ${pct(r.dearLoadSharePct)} in the dearest quarter.`,
    );
  }
  parts.push(
    `The battery delivers ${kwh(r.shiftedKWh)} a year (${kwh(r.gridChargeKWh)} of charging from the grid) and saves ${eur(r.batterySavingEur)} against no battery under this tariff (${eur(r.noBatteryYearlyCostEur)}).`,
  );
  return parts.join(" ");
}

function monthList(months: readonly number[]): string {
  return months.map((m) => MONTHS[m - 1] ?? String(m)).join(", ");
}

/** The ranking in a few sentences: the winner, the gap to the next, the data used. */
export function explainRanking(r: Omit<TariffRanking, "summary">): string {
  const [best, second] = r.results;
  if (best === undefined) return "No candidate tariffs to compare.";
  if (r.daysUsed === 0) return "No complete day of data to compare tariffs on.";
  const lead = second === undefined ? `${best.name} is the only candidate.` : `${best.name} is cheapest, ${eur(second.yearlyCostEur - best.yearlyCostEur)} a year less than ${second.name}.`;
  const extra = r.monthsExtrapolated.length === 0 ? "no month extrapolated" : `${monthList(r.monthsExtrapolated)} extrapolated from the nearest months with data`;
  return `${lead} Based on ${r.daysUsed} complete days (${r.firstDay ?? "?"} to ${r.lastDay ?? "?"}); ${extra}.`;
}
