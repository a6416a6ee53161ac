import type { EpochMs, HistoryReader, PlannerSlotInput, PriceSlot, Sample } from "../domain/index.js";
import type { PriceConfig } from "../sources/options.js";
import type { SavingsPrices } from "./savings.js";

/**
 * Prices as history (issue 7): the savings report and the tariff ranking need the prices of
 * every past quarter hour, long after the plan runs that used them were pruned. The slow loop
 * records the prices in effect with each run; these read them back as 15-minute aggregates.
 */

const Q_MS = 900_000;

/**
 * The day-ahead price behind an import price: import = (spot + fee + taxes) × (1 + VAT), so
 * spot = import / (1 + VAT) − fee − taxes. Null when the source gives no spot price (fixed,
 * time-of-use, or an entity that already holds retail prices).
 */
export function spotOfImport(importEurPerKWh: number, prices: PriceConfig): number | null {
  if (prices.source === "fixed" || prices.source === "tou" || prices.priceEntityKind === "retail") return null;
  const f = prices.importFormula;
  return importEurPerKWh / (1 + f.vatPct / 100) - f.gridFeeEurPerKWh - f.taxesEurPerKWh;
}

/** Samples for every quarter hour of the plan's first slot (the one in effect at `nowMs`). */
export function priceSamples(slots: readonly PlannerSlotInput[], nowMs: EpochMs, prices: PriceConfig): Sample[] {
  const slot = slots.find((s) => s.startMs <= nowMs && nowMs < s.endMs) ?? slots[0];
  if (slot === undefined) return [];
  const out: Sample[] = [];
  const spot = spotOfImport(slot.importPriceEurPerKWh, prices);
  for (let q = slot.startMs; q < slot.endMs; q += Q_MS) {
    const atMs = Math.max(q, Math.min(nowMs, q + Q_MS - 1));
    out.push({ series: "import_price_eur_per_kwh", atMs, value: slot.importPriceEurPerKWh });
    out.push({ series: "export_price_eur_per_kwh", atMs, value: slot.exportPriceEurPerKWh });
    if (spot !== null) out.push({ series: "spot_price_eur_per_kwh", atMs, value: spot });
  }
  return out;
}

/** Recorded spot prices as 15-minute slots, EUR/kWh, sorted. */
export function spotHistory(reader: HistoryReader, fromMs: EpochMs, toMs: EpochMs): PriceSlot[] {
  return reader.aggregates("spot_price_eur_per_kwh", "15m", fromMs, toMs).map((a) => ({ startMs: a.startMs, endMs: a.startMs + Q_MS, priceEurPerKWh: a.mean }));
}

/**
 * Recorded import/export prices per slot start (NaN where none was recorded), then `fallback`
 * where given. The fallback (prices from stored plan runs, for quarters before the price
 * history existed) is costly to build: it is called at most once, and only when a slot has no
 * recorded price.
 */
export function pricesFromHistory(reader: HistoryReader, fromMs: EpochMs, toMs: EpochMs, fallback?: () => SavingsPrices): SavingsPrices {
  let back: SavingsPrices | null = null;
  return (slots) => {
    // Only the slots' own span is read: the savings ask for today's tail every few minutes.
    const lo = Math.max(fromMs, Math.min(...slots.map((s) => s.startMs)));
    const hi = Math.min(toMs, Math.max(...slots.map((s) => s.endMs)));
    const imp = slots.length === 0 ? new Map<EpochMs, number>() : recorded(reader, "import_price_eur_per_kwh", lo, hi);
    const exp = slots.length === 0 ? new Map<EpochMs, number>() : recorded(reader, "export_price_eur_per_kwh", lo, hi);
    const missing = slots.some((s) => !imp.has(s.startMs) || !exp.has(s.startMs));
    const filled = missing && fallback !== undefined ? (back ??= fallback())(slots) : undefined;
    return {
      importEurPerKWh: Float64Array.from(slots, (s, i) => imp.get(s.startMs) ?? filled?.importEurPerKWh[i] ?? NaN),
      exportEurPerKWh: Float64Array.from(slots, (s, i) => exp.get(s.startMs) ?? filled?.exportEurPerKWh[i] ?? NaN),
    };
  };
}

/**
 * A price series per quarter start: the 15-minute means, and for the quarters not rolled up
 * yet (the last minutes) the mean of their raw samples.
 */
function recorded(reader: HistoryReader, series: "import_price_eur_per_kwh" | "export_price_eur_per_kwh", fromMs: EpochMs, toMs: EpochMs): Map<EpochMs, number> {
  const out = new Map<EpochMs, number>();
  let lastMs = fromMs - Q_MS;
  for (const a of reader.aggregates(series, "15m", fromMs, toMs)) {
    out.set(a.startMs, a.mean);
    lastMs = Math.max(lastMs, a.startMs);
  }
  const tail = new Map<EpochMs, { sum: number; n: number }>();
  for (const s of reader.samples(series, lastMs + Q_MS, toMs)) {
    const q = Math.floor(s.atMs / Q_MS) * Q_MS;
    const t = tail.get(q) ?? { sum: 0, n: 0 };
    tail.set(q, { sum: t.sum + s.value, n: t.n + 1 });
  }
  for (const [q, t] of tail) if (!out.has(q)) out.set(q, t.sum / t.n);
  return out;
}
