import { DATA_INPUTS, GRID_TARGET_LIMITS, RESERVE_SOC_LIMITS, SUNSHIFT_MODES } from "../domain/entities.js";
import { dataAgeField, type StateField } from "./state-doc.js";

/**
 * Sunshift's HA entities as data (STYLE.md P9: lookup tables in their own module). discovery.ts
 * turns each row into a discovery payload. Device and state classes follow HA-CONVENTIONS §9.5:
 * present-time measurements get `measurement`; plans, forecasts, money and timestamps do not.
 */

export type EntityCategory = "config" | "diagnostic";

interface Common {
  /** Stable key: unique_id = sunshift_<install id>_<key>, command topic sunshift/<id>/<key>/set. */
  readonly key: string;
  readonly name: string;
  readonly icon?: string;
  readonly category?: EntityCategory;
}

export type SensorSpec = Common & {
  readonly component: "sensor";
  readonly field: StateField;
  readonly deviceClass?: "power" | "battery" | "monetary" | "timestamp" | "duration" | "energy";
  /** `total` with `lastResetField` for figures that restart each day or month (HA long-term statistics). */
  readonly stateClass?: "measurement" | "total" | "total_increasing";
  readonly lastResetField?: StateField;
  readonly unit?: "W" | "%" | "EUR" | "s" | "kWh";
  readonly precision?: number;
  /** Attributes from the plan topic (CardPayload). */
  readonly planAttributes?: true;
  /** Attributes from fields of the state document: [attribute name, field]. */
  readonly attributes?: readonly (readonly [string, StateField])[];
};

export type EntitySpec =
  | SensorSpec
  | (Common & { readonly component: "binary_sensor"; readonly field: StateField; readonly causeField: StateField })
  | (Common & { readonly component: "select"; readonly field: StateField; readonly options: readonly string[] })
  | (Common & {
      readonly component: "number";
      readonly field: StateField;
      readonly min: number;
      readonly max: number;
      readonly step: number;
      readonly unit: "%" | "W";
      readonly deviceClass?: "power" | "battery";
      readonly mode: "box" | "slider";
    })
  | (Common & { readonly component: "switch"; readonly field: StateField })
  | (Common & { readonly component: "button" })
  | (Common & { readonly component: "event"; readonly eventTypes: readonly string[] });

export const PLAN_CHANGED_EVENT = "plan_changed";

const CONTROLS: readonly EntitySpec[] = [
  { component: "select", key: "mode", name: "Mode", icon: "mdi:battery-sync", field: "mode", options: SUNSHIFT_MODES },
  {
    component: "number",
    key: "reserve_soc",
    name: "Reserve state of charge",
    icon: "mdi:battery-lock",
    category: "config",
    field: "reserve_soc",
    min: RESERVE_SOC_LIMITS.minPct,
    max: RESERVE_SOC_LIMITS.maxPct,
    step: RESERVE_SOC_LIMITS.stepPct,
    unit: "%",
    deviceClass: "battery",
    mode: "slider",
  },
  {
    component: "number",
    key: "grid_target",
    name: "Grid target",
    icon: "mdi:transmission-tower",
    category: "config",
    field: "grid_target",
    min: GRID_TARGET_LIMITS.minW,
    max: GRID_TARGET_LIMITS.maxW,
    step: GRID_TARGET_LIMITS.stepW,
    unit: "W",
    deviceClass: "power",
    mode: "box",
  },
  { component: "switch", key: "optimizer", name: "Optimizer", icon: "mdi:chart-timeline-variant", category: "config", field: "optimizer" },
  { component: "button", key: "replan", name: "Re-plan", icon: "mdi:refresh" },
];

const STATUS: readonly EntitySpec[] = [
  { component: "sensor", key: "plan", name: "Plan", icon: "mdi:calendar-clock", field: "action", planAttributes: true },
  { component: "binary_sensor", key: "problem", name: "Problem", field: "problem", causeField: "problem_cause" },
  { component: "sensor", key: "savings_today", name: "Savings today", field: "savings_today", deviceClass: "monetary", stateClass: "total", lastResetField: "savings_today_since", unit: "EUR", precision: 2 },
  { component: "sensor", key: "savings_month", name: "Savings this month", field: "savings_month", deviceClass: "monetary", stateClass: "total", lastResetField: "savings_month_since", unit: "EUR", precision: 2 },
  { component: "sensor", key: "optimizer_share_month", name: "Optimizer share of savings this month", icon: "mdi:chart-timeline-variant", field: "optimizer_share_month", deviceClass: "monetary", stateClass: "total", lastResetField: "savings_month_since", unit: "EUR", precision: 2 },
  { component: "sensor", key: "import_today", name: "Grid import today", icon: "mdi:transmission-tower-import", field: "import_today", deviceClass: "energy", stateClass: "total", lastResetField: "savings_today_since", unit: "kWh", precision: 2 },
  { component: "sensor", key: "import_today_no_battery", name: "Grid import today without battery", icon: "mdi:transmission-tower-import", category: "diagnostic", field: "import_today_no_battery", deviceClass: "energy", stateClass: "total", lastResetField: "savings_today_since", unit: "kWh", precision: 2 },
  { component: "sensor", key: "tariff_recommendation", name: "Tariff recommendation", icon: "mdi:cash-check", field: "tariff", attributes: [["summary", "tariff_summary"], ["days_used", "tariff_days_used"], ["months_extrapolated", "tariff_months_extrapolated"], ["candidates", "tariff_candidates"]] },
  { component: "sensor", key: "next_cheap_start", name: "Next cheap window start", icon: "mdi:clock-start", field: "next_cheap_start", deviceClass: "timestamp" },
  { component: "sensor", key: "next_cheap_end", name: "Next cheap window end", icon: "mdi:clock-end", field: "next_cheap_end", deviceClass: "timestamp" },
  { component: "event", key: "plan_changed", name: "Plan changed", icon: "mdi:calendar-sync", eventTypes: [PLAN_CHANGED_EVENT] },
];

const LIVE: readonly EntitySpec[] = [
  { component: "sensor", key: "soc", name: "Battery state of charge", field: "soc", deviceClass: "battery", stateClass: "measurement", unit: "%" },
  { component: "sensor", key: "battery_power", name: "Battery power", icon: "mdi:battery-charging", field: "battery_power", deviceClass: "power", stateClass: "measurement", unit: "W" },
  { component: "sensor", key: "pv_power", name: "PV power", icon: "mdi:solar-power", field: "pv_power", deviceClass: "power", stateClass: "measurement", unit: "W" },
  { component: "sensor", key: "home_load", name: "Home load", icon: "mdi:home-lightning-bolt", field: "home_load", deviceClass: "power", stateClass: "measurement", unit: "W" },
  { component: "sensor", key: "grid_power", name: "Grid power", icon: "mdi:transmission-tower", field: "grid_power", deviceClass: "power", stateClass: "measurement", unit: "W" },
];

const DATA_AGE_NAMES: Readonly<Record<(typeof DATA_INPUTS)[number], string>> = {
  grid_meter: "Grid meter data age",
  battery: "Battery data age",
  prices: "Price data age",
  pv_forecast: "PV forecast data age",
  load_forecast: "Load forecast data age",
};

const DATA_AGES: readonly EntitySpec[] = DATA_INPUTS.map((input) => ({
  component: "sensor",
  key: `data_age_${input}`,
  name: DATA_AGE_NAMES[input],
  icon: "mdi:timer-sand",
  category: "diagnostic",
  field: dataAgeField(input),
  deviceClass: "duration",
  stateClass: "measurement",
  unit: "s",
}));

/** Every entity of a Sunshift install, in publishing order. Keys are unique. */
export const ENTITY_SPECS: readonly EntitySpec[] = [...CONTROLS, ...STATUS, ...LIVE, ...DATA_AGES];
