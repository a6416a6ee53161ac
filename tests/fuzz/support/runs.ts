/**
 * How many cases each fuzz suite runs (fast-check numRuns). Together at least 10 000 (issue 8
 * §3); every suite prints its share and the total in its name.
 */
export const RUNS = {
  /** devices/readSite → control law → commands, per case one random site. */
  entityStates: 3000,
  /** each price source's parser, per source. */
  pricePerSource: 320,
  /** each PV forecast source's parser, per source. */
  forecastPerSource: 320,
  /** mqtt/commands.ts parseCommand + settings update. */
  mqttCommands: 3000,
} as const;

export const PRICE_SOURCES_FUZZED = 8;
export const FORECAST_SOURCES_FUZZED = 5;

export const TOTAL_CASES =
  RUNS.entityStates + RUNS.pricePerSource * PRICE_SOURCES_FUZZED + RUNS.forecastPerSource * FORECAST_SOURCES_FUZZED + RUNS.mqttCommands;
