import type { LinearProgram } from "../domain/index.js";

/** Column indices of one slot's hub and grid variables (all in kW, e in kWh). */
export interface SlotCols {
  /** PV used (kW DC). */
  readonly p: number;
  /** Inverter AC output (kW AC). */
  readonly ao: number;
  /** Inverter AC input (kW AC). */
  readonly ai: number;
  /** DC power into / out of the battery (kW DC). */
  readonly bc: number;
  readonly bd: number;
  /** Stored energy at the end of the slot (kWh). */
  readonly e: number;
}

export interface GridCols {
  readonly imp: number;
  readonly exp: number;
}

/** One plug: the column of its on-fraction per slot, or null where it must be off. */
export interface PlugCols {
  readonly id: string;
  readonly powerKw: number;
  readonly on: readonly (number | null)[];
}

/** The LP plus the map from physical quantities to columns and rows. */
export interface PlannerModel {
  readonly lp: LinearProgram;
  readonly hub: readonly SlotCols[];
  readonly grid: readonly GridCols[];
  readonly plugs: readonly PlugCols[];
  /** Row index of each slot's SOC balance (its dual is the marginal value of stored energy). */
  readonly socRows: readonly number[];
  readonly dtH: number;
  readonly binaries: number;
}
