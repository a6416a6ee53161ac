import type { EpochMs } from "./time.js";
import type { InputStatus } from "./slots.js";
import type { ReplanTrigger } from "./replan.js";

/**
 * Why the planner does what it does (STYLE.md P6). Each variant carries the numbers behind it,
 * derived from the solution and the prices; reason-text.ts turns them into en/de/nl sentences.
 */

/** Why the optimiser was not used. */
export type FallbackCause =
  | { readonly kind: "solver_timeout"; readonly solver: string; readonly timeLimitMs: number }
  | { readonly kind: "solver_infeasible"; readonly solver: string }
  | { readonly kind: "solver_error"; readonly solver: string; readonly message: string }
  | { readonly kind: "invalid_solution"; readonly solver: string; readonly check: string; readonly violation: number }
  | { readonly kind: "missing_data"; readonly field: string; readonly fromMs: EpochMs };

export type RuleName = "self_consumption" | "cheap_charge" | "dear_discharge" | "safe_state" | "no_battery";

export type CurtailCause = "battery_full" | "export_capped" | "negative_export_price" | "charge_limit";

export type PlanReason =
  /** Charging from the grid now because the energy is worth more later, after losses. */
  | {
      readonly kind: "grid_charge";
      readonly powerW: number;
      readonly priceNowEurPerKWh: number;
      readonly laterPriceEurPerKWh: number;
      readonly laterAtMs: EpochMs;
      readonly roundTripLossPct: number;
    }
  /** Discharging to cover the home because importing now is dearer than the stored energy's value. */
  | {
      readonly kind: "discharge";
      readonly powerW: number;
      readonly priceNowEurPerKWh: number;
      /** Marginal value of a kWh kept in the battery (LP dual where available). */
      readonly storedValueEurPerKWh: number;
    }
  /** Storing PV surplus instead of exporting it. */
  | {
      readonly kind: "store_pv";
      readonly powerW: number;
      readonly exportPriceEurPerKWh: number;
      readonly laterPriceEurPerKWh: number;
      readonly laterAtMs: EpochMs;
    }
  /** Keeping the battery idle although the home imports: the energy is worth more later. */
  | {
      readonly kind: "hold";
      readonly priceNowEurPerKWh: number;
      readonly laterPriceEurPerKWh: number;
      readonly laterAtMs: EpochMs;
    }
  /** Battery idle: no price spread beats losses and wear. */
  | { readonly kind: "idle"; readonly spreadEurPerKWh: number; readonly neededSpreadEurPerKWh: number }
  | {
      readonly kind: "curtail";
      readonly curtailedW: number;
      readonly cause: CurtailCause;
      readonly exportLimitW: number;
      readonly exportPriceEurPerKWh: number;
    }
  | { readonly kind: "export"; readonly powerW: number; readonly exportPriceEurPerKWh: number }
  | { readonly kind: "negative_price"; readonly priceEurPerKWh: number; readonly importW: number }
  | {
      readonly kind: "plug_on";
      readonly plugId: string;
      readonly priceEurPerKWh: number;
      /** Mean import price over the plug's allowed window, for comparison. */
      readonly windowMeanPriceEurPerKWh: number;
    }
  | {
      readonly kind: "rule";
      readonly rule: RuleName;
      readonly priceEurPerKWh: number;
      readonly lowThresholdEurPerKWh: number;
      readonly highThresholdEurPerKWh: number;
    }
  | { readonly kind: "fallback"; readonly cause: FallbackCause }
  | { readonly kind: "solved"; readonly solver: string; readonly status: "optimal" | "feasible"; readonly binaries: number }
  | {
      readonly kind: "plan_kept";
      readonly keptCostEur: number;
      readonly candidateCostEur: number;
      readonly marginEur: number;
    }
  | {
      readonly kind: "plan_replaced";
      readonly keptCostEur: number;
      readonly candidateCostEur: number;
      readonly stickySlots: number;
    }
  | { readonly kind: "off_plan"; readonly plannedSocPct: number; readonly observedSocPct: number }
  /** Plan-level: what made the slow loop plan again. */
  | { readonly kind: "replanned"; readonly trigger: ReplanTrigger }
  /** Plan-level: an input that was stale, missing or substituted, and what was used instead. */
  | { readonly kind: "input_status"; readonly input: string; readonly source: string | null; readonly status: InputStatus };

export type PlanReasonKind = PlanReason["kind"];
