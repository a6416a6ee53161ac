import type { EpochMs } from "./time.js";
import type { PlanReason, FallbackCause } from "./reason.js";

/**
 * Planner input and output (issue 3). Plain data with epoch-ms instants so the card can import
 * it. Units are in the names: W for power, Wh for energy, EUR/kWh for prices, % for SOC.
 */

/** The SolarFlow-like hub: PV and battery on one DC bus behind one bidirectional inverter. */
export interface BatteryModel {
  readonly capacityWh: number;
  readonly socMinPct: number;
  readonly socMaxPct: number;
  /** Inverter AC output limit (800 W for a SolarFlow 800). */
  readonly maxOutputW: number;
  /** AC charging limit (0 for hubs that cannot charge from AC). */
  readonly maxAcChargeW: number;
  readonly maxChargeDcW: number;
  readonly maxDischargeDcW: number;
  /** Cell efficiencies, (0, 1]. */
  readonly chargeEfficiency: number;
  readonly dischargeEfficiency: number;
  /** Inverter efficiency, used in both directions (DC→AC and AC→DC), (0, 1]. */
  readonly inverterEfficiency: number;
  /** Wear cost per kWh of net DC throughput |d|. */
  readonly wearCostEurPerKWh: number;
  /** Value of energy left in the battery at the end of the horizon, per kWh stored. */
  readonly terminalValueEurPerKWh: number;
}

export interface GridModel {
  /** null: no import limit. */
  readonly maxImportW: number | null;
  /** 0 means zero feed-in. */
  readonly maxExportW: number;
}

/** One slot of planner input. Precondition: importPrice ≥ exportPrice (both may be negative). */
export interface PlannerSlotInput {
  readonly startMs: EpochMs;
  readonly endMs: EpochMs;
  readonly importPriceEurPerKWh: number;
  readonly exportPriceEurPerKWh: number;
  /** Household demand without the plugs, mean W over the slot, ≥ 0. */
  readonly loadW: number;
  /** PV power available at the hub's DC input, mean W over the slot, ≥ 0. */
  readonly pvW: number;
}

/**
 * A switchable load (Shelly plug): on in exactly `runSlots` slots of [earliestSlot, latestSlot]
 * (0-based, inclusive), in one block when `contiguous`. Optional: minimum on- and off-time, maximum starts.
 */
export interface PlugRequest {
  readonly id: string;
  readonly powerW: number;
  readonly runSlots: number;
  readonly earliestSlot: number;
  readonly latestSlot: number;
  readonly contiguous: boolean;
  readonly minOnSlots?: number;
  /** Minimum slots off between two runs inside the window (an appliance's cool-down). */
  readonly minOffSlots?: number;
  readonly maxStarts?: number;
}

/** Decisions pinned for the first slots (stickiness of a running plan). */
export interface FixedDecision {
  readonly acOutW: number;
  readonly acInW: number;
  readonly plugsOn: readonly string[];
}

export interface PlannerOptions {
  /** Relative MIP gap (0 = prove optimality). */
  readonly mipRelGap: number;
  readonly timeLimitMs: number;
}

/**
 * Everything the planner needs. Preconditions: `slots` contiguous (each endMs = next startMs),
 * all the same length of 15, 30 or 60 minutes; socMinPct ≤ socStartPct ≤ socMaxPct.
 */
export interface PlannerInput {
  readonly nowMs: EpochMs;
  readonly slots: readonly PlannerSlotInput[];
  readonly battery: BatteryModel;
  readonly grid: GridModel;
  readonly socStartPct: number;
  readonly plugs: readonly PlugRequest[];
  readonly fixed?: readonly FixedDecision[];
  /** Require the stored energy at the end to be at least the start (OPTIMIZATION.md §7 e_T ≥ e_0). */
  readonly terminalAtLeastStart?: boolean;
  readonly options?: Partial<PlannerOptions>;
}

export type PlanStatus = "optimal" | "feasible" | "fallback";

/** What the hub does in a slot, for the card and the executor. */
export type SlotAction = "grid_charge" | "charge" | "discharge" | "idle";

/** One planned slot. Decisions: pvUsedW, acOutW, acInW, plugsOn; the rest is derived physics. */
export interface PlanSlot {
  readonly startMs: EpochMs;
  readonly endMs: EpochMs;
  readonly pvUsedW: number;
  readonly pvCurtailedW: number;
  readonly acOutW: number;
  readonly acInW: number;
  readonly plugsOn: readonly string[];
  /** DC power out of the battery, + discharging. */
  readonly batteryW: number;
  /** + import, − export. */
  readonly gridW: number;
  /** SOC at the end of the slot. */
  readonly socPct: number;
  readonly costEur: number;
  readonly action: SlotAction;
  readonly reasons: readonly PlanReason[];
}

export interface Plan {
  readonly status: PlanStatus;
  readonly generatedAtMs: EpochMs;
  /** Contract cost: energy + wear − terminal value of the stored-energy change. */
  readonly objectiveEur: number;
  readonly slots: readonly PlanSlot[];
  /** Plan-level reasons (fallback cause, solver used, stability decision). */
  readonly reasons: readonly PlanReason[];
}

export type PlannerResult =
  | { readonly kind: "planned"; readonly plan: Plan; readonly solver: string }
  | { readonly kind: "fallback"; readonly plan: Plan; readonly cause: FallbackCause };

/**
 * A linear program in compressed-sparse-row form, minimised. Units chosen by the builder
 * (the planner uses kW, kWh, EUR). `isInteger[j]` = 1 marks an integer column.
 */
export interface LinearProgram {
  readonly numCols: number;
  readonly numRows: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly isInteger: Uint8Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly rowStarts: Int32Array;
  readonly rowIndices: Int32Array;
  readonly rowValues: Float64Array;
  readonly offset: number;
  readonly colNames: readonly string[];
}

export interface SolveOptions {
  readonly timeLimitMs: number;
  readonly mipRelGap: number;
}

/** Solver answer. `rowDual` only for pure LPs (null for MIPs or when unavailable). */
export type SolveOutcome =
  | {
      readonly kind: "optimal" | "feasible";
      readonly colValue: Float64Array;
      readonly rowDual: Float64Array | null;
      readonly objective: number;
    }
  | { readonly kind: "infeasible" }
  | { readonly kind: "timeout" }
  | { readonly kind: "error"; readonly message: string };

/** The solver port (STYLE.md P1): one capability, synchronous once constructed. */
export interface Solver {
  readonly name: string;
  solve(lp: LinearProgram, options: SolveOptions): SolveOutcome;
}
