import type { EpochMs, PowerSlot, PriceSlot } from "../domain/index.js";

/** Anything with a [startMs, endMs) span. */
export interface Span {
  readonly startMs: EpochMs;
  readonly endMs: EpochMs;
}

/**
 * Establishes the slot-series precondition (sorted by start, non-overlapping, end > start,
 * finite): drops invalid slots and, of two overlapping slots, keeps the earlier-starting one.
 */
export function normalizeSlots<S extends Span>(slots: readonly S[], value: (s: S) => number): S[] {
  const valid = slots.filter((s) => Number.isFinite(s.startMs) && s.endMs > s.startMs && Number.isFinite(value(s)));
  valid.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const out: S[] = [];
  for (const s of valid) {
    const last = out[out.length - 1];
    if (last === undefined || s.startMs >= last.endMs) out.push(s);
  }
  return out;
}

/** Parts of [startMs, endMs) not covered by `covered` (sorted, non-overlapping). */
function uncoveredParts(span: Span, covered: readonly Span[]): Span[] {
  const parts: Span[] = [];
  let cursor = span.startMs;
  for (const c of covered) {
    if (c.endMs <= cursor) continue;
    if (c.startMs >= span.endMs) break;
    if (c.startMs > cursor) parts.push({ startMs: cursor, endMs: c.startMs });
    cursor = Math.max(cursor, c.endMs);
  }
  if (cursor < span.endMs) parts.push({ startMs: cursor, endMs: span.endMs });
  return parts;
}

/**
 * Merges price series of different resolutions for the same market (ENTSO-E DE-LU publishes a
 * 60-min and a 15-min series for the same day): never adds them; where a finer slot exists it
 * wins, a coarser slot only fills the time no finer slot covers.
 */
export function preferFinest(groups: readonly (readonly PriceSlot[])[]): PriceSlot[] {
  const all = groups.flat().filter((s) => s.endMs > s.startMs);
  all.sort((a, b) => a.endMs - a.startMs - (b.endMs - b.startMs) || a.startMs - b.startMs);
  let accepted: PriceSlot[] = [];
  for (const slot of all) {
    const parts = uncoveredParts(slot, accepted);
    if (parts.length === 0) continue;
    const added = parts.map((p) => ({ ...p, priceEurPerKWh: slot.priceEurPerKWh }));
    accepted = [...accepted, ...added].sort((a, b) => a.startMs - b.startMs);
  }
  return accepted;
}

/**
 * Resamples onto a grid of `stepMs` aligned to the epoch (15/30/60 min; local midnights of
 * whole-hour zones fall on it). Each output slot is the time-weighted mean of the inputs it
 * overlaps and is emitted only when inputs cover it completely: partial days and gaps stay
 * gaps rather than being invented. Works for finer→coarser and coarser→finer alike, and on DST
 * days (92/100 quarter hours) since it never looks at local time.
 * Precondition: `slots` sorted and non-overlapping.
 */
export function resample<S extends Span, T>(
  slots: readonly S[],
  stepMs: number,
  value: (s: S) => number,
  make: (startMs: EpochMs, endMs: EpochMs, v: number) => T,
): T[] {
  const out: T[] = [];
  let i = 0;
  const first = slots[0];
  if (first === undefined) return out;
  for (let t = Math.floor(first.startMs / stepMs) * stepMs; ; t += stepMs) {
    while (i < slots.length && (slots[i]?.endMs ?? 0) <= t) i++;
    if (i >= slots.length) break;
    let covered = 0;
    let weighted = 0;
    for (let j = i; j < slots.length; j++) {
      const s = slots[j];
      if (s === undefined || s.startMs >= t + stepMs) break;
      const overlap = Math.min(s.endMs, t + stepMs) - Math.max(s.startMs, t);
      if (overlap > 0) {
        covered += overlap;
        weighted += overlap * value(s);
      }
    }
    if (covered === stepMs) out.push(make(t, t + stepMs, weighted / stepMs));
  }
  return out;
}

export function resamplePrices(slots: readonly PriceSlot[], stepMs: number): PriceSlot[] {
  return resample(slots, stepMs, (s) => s.priceEurPerKWh, (startMs, endMs, priceEurPerKWh) => ({ startMs, endMs, priceEurPerKWh }));
}

export function resamplePower(slots: readonly PowerSlot[], stepMs: number): PowerSlot[] {
  return resample(slots, stepMs, (s) => s.powerW, (startMs, endMs, powerW) => ({ startMs, endMs, powerW }));
}

/** Slots with `endMs > fromMs`, i.e. from the one running at `fromMs` on. */
export function slotsFrom<S extends Span>(slots: readonly S[], fromMs: EpochMs): S[] {
  return slots.filter((s) => s.endMs > fromMs);
}

/** Price per kWh from a per-MWh value. */
export function perMWhToPerKWh(pricePerMWh: number): number {
  return pricePerMWh / 1000;
}
