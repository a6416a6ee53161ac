import { exportPrice, importPrice, type ExportFormula, type ImportFormula } from "../sources/price-formula.js";
import { touSlots, type TouBand } from "../sources/tariffs.js";
import type { PriceConfig } from "../sources/options.js";
import type { SiteSlot } from "./site-data.js";

/**
 * An electricity contract as the tariff comparison and the savings report price it. Import is
 * a fixed price, time-of-use bands (local wall time), or dynamic: the day-ahead spot through
 * the import formula (spot + grid fee + taxes) × (1 + VAT). Export follows the export formula
 * (fixed feed-in or spot-based). The standing charge is per month, whatever the consumption.
 */
export type TariffImport =
  | { readonly kind: "fixed"; readonly priceEurPerKWh: number }
  | { readonly kind: "tou"; readonly bands: readonly TouBand[]; readonly defaultPriceEurPerKWh: number }
  | { readonly kind: "dynamic"; readonly formula: ImportFormula };

export interface Tariff {
  readonly name: string;
  readonly import: TariffImport;
  readonly export: ExportFormula;
  readonly standingEurPerMonth: number;
}

/** Import and export price per slot, EUR/kWh, parallel to the slots. */
export interface SlotPrices {
  readonly importEurPerKWh: Float64Array;
  readonly exportEurPerKWh: Float64Array;
}

/** Whether pricing this tariff needs the spot price of a slot. */
export function needsSpot(t: Tariff): boolean {
  return t.import.kind === "dynamic" || t.export.kind === "spot";
}

function touPrices(imp: Extract<TariffImport, { kind: "tou" }>, slots: readonly SiteSlot[], timeZone: string): Float64Array {
  const out = new Float64Array(slots.length);
  const first = slots[0];
  const last = slots[slots.length - 1];
  if (first === undefined || last === undefined) return out;
  // One band lookup per quarter hour of the whole range, then each slot takes its start's band.
  const hours = Math.ceil((last.endMs - first.startMs) / 3_600_000) + 1;
  const grid = touSlots(imp.bands, imp.defaultPriceEurPerKWh, timeZone, first.startMs, hours, 15);
  const byStart = new Map(grid.map((g) => [g.startMs, g.priceEurPerKWh]));
  slots.forEach((s, i) => {
    out[i] = byStart.get(Math.floor(s.startMs / 900_000) * 900_000) ?? imp.defaultPriceEurPerKWh;
  });
  return out;
}

/**
 * Prices of every slot under `t`. Precondition: slots sorted; where `needsSpot(t)`, every slot
 * has a spot price (callers drop the others first, see `pricedSlots`).
 */
export function tariffPrices(t: Tariff, slots: readonly SiteSlot[], timeZone: string): SlotPrices {
  let imp: Float64Array;
  switch (t.import.kind) {
    case "fixed":
      imp = new Float64Array(slots.length).fill(t.import.priceEurPerKWh);
      break;
    case "tou":
      imp = touPrices(t.import, slots, timeZone);
      break;
    case "dynamic": {
      const f = t.import.formula;
      imp = Float64Array.from(slots, (s) => importPrice(s.spotEurPerKWh ?? NaN, f));
      break;
    }
  }
  // The planner's precondition import ≥ export: a feed-in above the import price is capped.
  const exp = Float64Array.from(slots, (s, i) => Math.min(imp[i] ?? 0, exportPrice(s.spotEurPerKWh ?? NaN, t.export)));
  return { importEurPerKWh: imp, exportEurPerKWh: exp };
}

/** The slots a tariff can price: all of them, or those with a spot price when it needs one. */
export function pricedSlots(t: Tariff, slots: readonly SiteSlot[]): SiteSlot[] {
  return needsSpot(t) ? slots.filter((s) => s.spotEurPerKWh !== null) : [...slots];
}

/** The add-on's own pricing (`prices` options) as a tariff, without a standing charge. */
export function tariffOfPrices(p: PriceConfig): Tariff {
  const name = `prices.source ${p.source}`;
  switch (p.source) {
    case "fixed":
      return { name, import: { kind: "fixed", priceEurPerKWh: p.fixedPriceEurPerKWh }, export: p.exportFormula, standingEurPerMonth: 0 };
    case "tou":
      return { name, import: { kind: "tou", bands: p.touBands, defaultPriceEurPerKWh: p.fixedPriceEurPerKWh }, export: p.exportFormula, standingEurPerMonth: 0 };
    default:
      return { name, import: { kind: "dynamic", formula: p.importFormula }, export: p.exportFormula, standingEurPerMonth: 0 };
  }
}
