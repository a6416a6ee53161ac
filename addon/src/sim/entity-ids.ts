/**
 * Entity ids the simulated home exposes: the defaults of the Zendure-HA and Shelly integrations
 * for a SolarFlow named "SolarFlow 800 Pro" and a Pro 3EM (DEVICES.md §1.4, §2).
 */
export const SIM_ENTITY_IDS = {
  gridPower: "sensor.shellypro3em_total_active_power",
  importEnergy: "sensor.shellypro3em_total_active_energy",
  exportEnergy: "sensor.shellypro3em_total_active_returned_energy",
  soc: "sensor.solarflow_800_pro_electric_level",
  pvPower: "sensor.solarflow_800_pro_solar_input_power",
  chargePower: "sensor.solarflow_800_pro_output_pack_power",
  dischargePower: "sensor.solarflow_800_pro_pack_input_power",
  acOutputPower: "sensor.solarflow_800_pro_output_home_power",
  acInputPower: "sensor.solarflow_800_pro_grid_input_power",
  outputLimit: "number.solarflow_800_pro_output_limit",
  inputLimit: "number.solarflow_800_pro_input_limit",
  acMode: "select.solarflow_800_pro_ac_mode",
  minSoc: "number.solarflow_800_pro_min_soc",
  maxSoc: "number.solarflow_800_pro_soc_set",
  managerOperation: "select.zendure_manager_operation",
  managerManualPower: "number.zendure_manager_manual_power",
  statusLight: "light.sunshift_status",
  spotPrice: "sensor.sim_spot_price",
} as const;

/** A simulated Shelly plug: draws `powerW` (± a little noise) while switched on. */
export interface SimPlugSpec {
  readonly id: string;
  readonly switchEntityId: string;
  readonly powerEntityId: string;
  readonly powerW: number;
  readonly friendlyName?: string;
}

export const DEFAULT_SIM_PLUGS: readonly SimPlugSpec[] = [
  {
    id: "dishwasher",
    switchEntityId: "switch.shellyplusplugs_dishwasher",
    powerEntityId: "sensor.shellyplusplugs_dishwasher_power",
    powerW: 1200,
    friendlyName: "Dishwasher",
  },
  {
    id: "ebike",
    switchEntityId: "switch.shellyplugsg3_ebike",
    powerEntityId: "sensor.shellyplugsg3_ebike_power",
    powerW: 190,
    friendlyName: "E-bike charger",
  },
];

export const MANAGER_OPERATIONS = ["off", "manual", "smart", "smart_discharging", "smart_charging", "store_solar"] as const;
export type ManagerOperation = (typeof MANAGER_OPERATIONS)[number];
