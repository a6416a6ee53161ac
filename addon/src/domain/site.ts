import type { Reading } from "./reading.js";

/** Inverter direction of a SolarFlow-like hub: it either feeds the home or charges from AC. */
export type AcMode = "input" | "output";

/** Grid meter. Sign convention everywhere in Sunshift: grid power > 0 is import. */
export interface MeterReadings {
  readonly gridPowerW: Reading<number>;
  /** Cumulative counters from the meter (total_increasing), Wh. */
  readonly importEnergyWh: Reading<number>;
  readonly exportEnergyWh: Reading<number>;
}

/**
 * The hub (PV + battery on one DC bus behind one inverter). Direction from the hub's view:
 * charge = into the battery, discharge = out of it, acOutput = to the home, acInput = from grid.
 */
export interface BatteryReadings {
  readonly socPct: Reading<number>;
  readonly pvPowerW: Reading<number>;
  readonly chargePowerW: Reading<number>;
  readonly dischargePowerW: Reading<number>;
  readonly acOutputPowerW: Reading<number>;
  readonly acInputPowerW: Reading<number>;
  readonly outputLimitW: Reading<number>;
  readonly inputLimitW: Reading<number>;
  readonly acMode: Reading<AcMode>;
}

export interface PlugReadings {
  readonly id: string;
  readonly on: Reading<boolean>;
  readonly powerW: Reading<number>;
}

export interface LightReadings {
  readonly on: Reading<boolean>;
}

/** Everything Sunshift knows about the site at one instant, each value with its age and cause. */
export interface SiteReadings {
  readonly meter: MeterReadings;
  readonly battery: BatteryReadings;
  readonly plugs: readonly PlugReadings[];
  readonly light: LightReadings;
}
