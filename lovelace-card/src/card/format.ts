import type { ReasonLang } from "../../../addon/src/domain/reason-text.js";

/**
 * Pure formatters for what the card shows. Numbers use the card language's conventions
 * (de/nl: decimal comma); times are shown in `timeZone` (the home's, see hass.ts).
 */

const nf = (lang: ReasonLang, digits: number): Intl.NumberFormat =>
  new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "640 W", "1.2 kW" (de: "1,2 kW"); negative values keep their sign. */
export function formatPower(w: number, lang: ReasonLang): string {
  return Math.abs(w) < 1000 ? `${nf(lang, 0).format(Math.round(w))} W` : `${nf(lang, 1).format(w / 1000)} kW`;
}

/** Payload price (ct/kWh × 10) → "23.5 ct/kWh". */
export function formatPriceTenths(p: number, lang: ReasonLang): string {
  return `${nf(lang, 1).format(p / 10)} ct/kWh`;
}

/** "1.23 €" in every language (the payload is in euro). */
export function formatEur(eur: number, lang: ReasonLang): string {
  return `${nf(lang, 2).format(eur)} €`;
}

export function formatPct(pct: number, lang: ReasonLang): string {
  return `${nf(lang, 0).format(pct)} %`;
}

/** "14:00" in the zone, 24-hour clock. */
export function formatClock(ms: number, lang: ReasonLang, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", ...(timeZone === undefined ? {} : { timeZone }) }).format(ms);
}

/** "Sat 14:00" (de "Sa. 14:00"), for slot popups that may be tomorrow. */
export function formatDayClock(ms: number, lang: ReasonLang, timeZone: string | undefined): string {
  const day = new Intl.DateTimeFormat(lang, { weekday: "short", ...(timeZone === undefined ? {} : { timeZone }) }).format(ms);
  return `${day} ${formatClock(ms, lang, timeZone)}`;
}

/** A data age in seconds → "45 s", "12 min", "3 h", "2 d" (floor, so "59 min" not "1 h"). */
export function formatAge(seconds: number, lang: ReasonLang): string {
  const n = nf(lang, 0);
  const s = Math.max(0, seconds);
  if (s < 60) return `${n.format(Math.floor(s))} s`;
  if (s < 3600) return `${n.format(Math.floor(s / 60))} min`;
  if (s < 172_800) return `${n.format(Math.floor(s / 3600))} h`;
  return `${n.format(Math.floor(s / 86_400))} d`;
}
