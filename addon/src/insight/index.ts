/**
 * Insight (issue 7 §1–3): savings against a true counterfactual, the backtest and the tariff
 * comparison. Pure over the domain ports except inputs.ts (files, the history store file) and
 * the solver the caller hands in.
 */
export { computeSavings, type SavingsReport, type PeriodSavings, type ScenarioFigures, type SavingsPrices, type SavingsSite } from "./savings.js";
export { savingsNow, recommendTariff, ownPrices, startOfLocalDay, startOfLocalMonth, type Recommendation } from "./service-hooks.js";
export { savingsSensorValues, tariffSensor, pricesFromPlanRuns, pricesFromTariff, type SavingsSensorValues, type TariffSensor } from "./sensors.js";
export { rankTariffs, RANKING_METHOD, type TariffRanking, type TariffResult, type RankingSite } from "./ranking.js";
export { runBacktest, walkForwardForecast, BACKTEST_METHOD, type BacktestReport, type BacktestOptions, type PolicyFigures } from "./backtest.js";
export { replay, replayRuns, terminalValue, noBatteryDecisions, type ReplayPolicy, type ReplayConfig, type ReplayResult, type ExecutedSlot } from "./replay.js";
export { tariffPrices, tariffOfPrices, needsSpot, pricedSlots, type Tariff, type TariffImport, type SlotPrices } from "./tariff.js";
export { parseSiteCsv, parseSpotCsv, withSpot, splitSlots, scalePv, fillGaps, historySiteSlots, type SiteSlot, type CsvProblem, type CsvResult } from "./site-data.js";
export { estimateYear, DAYS_PER_MONTH, type YearEstimate } from "./extrapolate.js";
export { pricesFromHistory, priceSamples, spotHistory, spotOfImport } from "./price-history.js";
export { createSavingsCache, type SavingsCache } from "./savings-cache.js";
