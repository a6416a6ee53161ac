import type { EpochMs, PriceSeries, PriceSlot } from "../domain/index.js";
import { resamplePrices, slotsFrom } from "./slot-ops.js";

/** Import price = (spot + grid fee + taxes) × (1 + VAT). All per kWh. */
export interface ImportFormula {
  readonly gridFeeEurPerKWh: number;
  readonly taxesEurPerKWh: number;
  readonly vatPct: number;
}

/**
 * Export (feed-in) price: a fixed tariff, or a formula on spot
 * (`spot × factor + offset`, optionally never below zero — some contracts pay nothing at
 * negative prices rather than charging for export).
 */
export type ExportFormula =
  | { readonly kind: "fixed"; readonly feedInEurPerKWh: number }
  | { readonly kind: "spot"; readonly factor: number; readonly offsetEurPerKWh: number; readonly floorAtZero: boolean };

export function importPrice(spotEurPerKWh: number, f: ImportFormula): number {
  return (spotEurPerKWh + f.gridFeeEurPerKWh + f.taxesEurPerKWh) * (1 + f.vatPct / 100);
}

export function exportPrice(spotEurPerKWh: number, f: ExportFormula): number {
  switch (f.kind) {
    case "fixed":
      return f.feedInEurPerKWh;
    case "spot": {
      const p = spotEurPerKWh * f.factor + f.offsetEurPerKWh;
      return f.floorAtZero ? Math.max(0, p) : p;
    }
  }
}

/** The two price curves the planner needs, on its step grid. */
export interface PlannerPrices {
  readonly importSlots: readonly PriceSlot[];
  readonly exportSlots: readonly PriceSlot[];
}

/**
 * Converts a fetched series into planner prices: spot series go through the formulas; retail
 * series (already what the user pays) are the import price as they are, while export still
 * follows the export formula applied to them only if it is fixed (a spot-based export formula
 * on a retail series would add fees twice, so it is evaluated on the retail price as given).
 * Everything is resampled to `stepMs`; slots ending at or before `fromMs` are dropped (the
 * running slot is kept).
 */
export function plannerPrices(series: PriceSeries, imp: ImportFormula, exp: ExportFormula, stepMs: number, fromMs: EpochMs): PlannerPrices {
  const slots = slotsFrom(resamplePrices(slotsFrom(series.slots, fromMs), stepMs), fromMs);
  const importSlots = series.kind === "spot" ? slots.map((s) => ({ ...s, priceEurPerKWh: importPrice(s.priceEurPerKWh, imp) })) : slots;
  const exportSlots = slots.map((s) => ({ ...s, priceEurPerKWh: exportPrice(s.priceEurPerKWh, exp) }));
  return { importSlots, exportSlots };
}
