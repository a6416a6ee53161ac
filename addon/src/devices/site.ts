import type { Config } from "../config/schema.js";
import type { EntityStates } from "../domain/ha.js";
import { missing } from "../domain/reading.js";
import type { BatteryReadings, LightReadings, MeterReadings, PlugReadings, SiteReadings } from "../domain/site.js";
import { ENERGY_COUNTER_WH, GRID_POWER_W, HUB_LIMIT_W, HUB_POWER_W, PLUG_POWER_W, SOC_PCT } from "./ranges.js";
import { readAcMode, readNumber, readOnOff } from "./state-reading.js";

/** The parts of the configuration that name the site's entities. */
export type SiteConfig = Pick<Config, "meter" | "battery" | "plugs" | "light">;

export function readMeter(states: EntityStates, meter: SiteConfig["meter"]): MeterReadings {
  return {
    gridPowerW: readNumber(states, meter.gridPowerEntity, "power", GRID_POWER_W),
    importEnergyWh: readNumber(states, meter.importEnergyEntity, "energy", ENERGY_COUNTER_WH),
    exportEnergyWh: readNumber(states, meter.exportEnergyEntity, "energy", ENERGY_COUNTER_WH),
  };
}

export function readBattery(states: EntityStates, b: SiteConfig["battery"]): BatteryReadings {
  const power = (id: string) => readNumber(states, id, "power", HUB_POWER_W);
  return {
    socPct: readNumber(states, b.socEntity, "percent", SOC_PCT),
    pvPowerW: power(b.pvPowerEntity),
    chargePowerW: power(b.chargePowerEntity),
    dischargePowerW: power(b.dischargePowerEntity),
    acOutputPowerW: power(b.acOutputPowerEntity),
    acInputPowerW: power(b.acInputPowerEntity),
    outputLimitW: readNumber(states, b.outputLimitEntity, "power", HUB_LIMIT_W),
    inputLimitW: readNumber(states, b.inputLimitEntity, "power", HUB_LIMIT_W),
    acMode: readAcMode(states, b.acModeEntity),
  };
}

export function readPlugs(states: EntityStates, plugs: SiteConfig["plugs"]): PlugReadings[] {
  return plugs.map((p) => ({
    id: p.id,
    on: readOnOff(states, p.switchEntity),
    powerW: readNumber(states, p.powerEntity, "power", PLUG_POWER_W),
  }));
}

export function readLight(states: EntityStates, light: SiteConfig["light"]): LightReadings {
  return { on: light.enabled ? readOnOff(states, light.entity) : missing({ kind: "not_configured" }, null) };
}

/**
 * Everything Sunshift reads from HA, normalized (STYLE.md P2): W, Wh, %, each value with its
 * `atMs` (the state's last update) or the cause it is missing. Pure; never NaN.
 */
export function readSite(states: EntityStates, config: SiteConfig): SiteReadings {
  return {
    meter: readMeter(states, config.meter),
    battery: readBattery(states, config.battery),
    plugs: readPlugs(states, config.plugs),
    light: readLight(states, config.light),
  };
}

/**
 * The entity ids to subscribe to: everything readSite reads plus what commands write (so the
 * executor can diff against observed state). Unique, in a stable order.
 */
export function siteEntityIds(config: SiteConfig): string[] {
  const { meter: m, battery: b } = config;
  const ids = [
    m.gridPowerEntity,
    m.importEnergyEntity,
    m.exportEnergyEntity,
    b.socEntity,
    b.pvPowerEntity,
    b.chargePowerEntity,
    b.dischargePowerEntity,
    b.acOutputPowerEntity,
    b.acInputPowerEntity,
    b.outputLimitEntity,
    b.inputLimitEntity,
    b.acModeEntity,
    b.minSocEntity,
    b.maxSocEntity,
    ...(b.controlPath === "manager" ? [b.managerOperationEntity, b.managerPowerEntity] : []),
    ...config.plugs.flatMap((p) => [p.switchEntity, p.powerEntity]),
    ...(config.light.enabled ? [config.light.entity] : []),
  ];
  return [...new Set(ids)];
}
