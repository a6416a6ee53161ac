/** Devices: HA entity states → readings, commands → HA service calls, readings → history. */
export { toCanonical, unitOf, type Quantity, type UnitResult } from "./units.js";
export { readNumber, readOnOff, readAcMode } from "./state-reading.js";
export { readSite, readMeter, readBattery, readPlugs, readLight, siteEntityIds, type SiteConfig } from "./site.js";
export { commandToCalls, createCommandMapper, clampPowerW, MANAGER_POWER_LIMIT_W, type CommandConfig } from "./commands.js";
export { ingestSite } from "./ingest.js";
export * as ranges from "./ranges.js";
