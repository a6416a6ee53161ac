import type { MissingCause } from "../domain/reading.js";

/**
 * THE one place HA's `unit_of_measurement` is interpreted (STYLE.md P2). Everything inside
 * Sunshift is W, Wh and %; other units are converted here or rejected with a cause.
 */
export type Quantity = "power" | "energy" | "percent";

/** Factor to the canonical unit (W, Wh, %) per accepted unit string, as HA spells them. */
const FACTORS: Readonly<Record<Quantity, Readonly<Record<string, number>>>> = {
  power: { W: 1, kW: 1_000, MW: 1_000_000 },
  energy: { Wh: 1, kWh: 1_000, MWh: 1_000_000 },
  percent: { "%": 1 },
};

/**
 * A missing unit is taken as the canonical one for power and percent (number entities and
 * template sensors often carry none, and the value's scale is unambiguous for our ranges), but
 * not for energy, where a bare counter may be kWh or Wh.
 */
const UNITLESS_OK: Readonly<Record<Quantity, boolean>> = { power: true, energy: false, percent: true };

export type UnitResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly cause: MissingCause };

/** The entity's unit string, or null when it has none. */
export function unitOf(attributes: Readonly<Record<string, unknown>>): string | null {
  const unit = attributes.unit_of_measurement;
  return typeof unit === "string" && unit.trim() !== "" ? unit.trim() : null;
}

/** `value` in `unit` converted to W, Wh or % (by `quantity`), or why it cannot be. */
export function toCanonical(value: number, unit: string | null, quantity: Quantity): UnitResult {
  const factors = FACTORS[quantity];
  const expected = Object.keys(factors);
  if (unit === null) {
    return UNITLESS_OK[quantity] ? { ok: true, value } : { ok: false, cause: { kind: "unsupported_unit", unit, expected } };
  }
  const factor = factors[unit];
  if (factor === undefined) return { ok: false, cause: { kind: "unsupported_unit", unit, expected } };
  return { ok: true, value: value * factor };
}
