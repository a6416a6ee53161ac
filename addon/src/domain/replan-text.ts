import type { ReplanTrigger } from "./replan.js";
import type { InputStatus } from "./slots.js";

/**
 * Texts (en, de, nl) for the slow loop's plan-level reasons `replanned` and `input_status`;
 * reason-text.ts calls these with its number formatters.
 */
export type ReplanLang = "en" | "de" | "nl";

export interface ReplanFmt {
  pct(p: number): string;
  kWh(wh: number): string;
  minutes(ms: number): string;
}

interface Words {
  readonly replanned: string;
  readonly start: string;
  readonly schedule: string;
  readonly command: string;
  readonly prices: (before: number, after: number) => string;
  readonly forecast: string;
  readonly soc: (observed: string, planned: string) => string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly from: string;
  readonly fresh: string;
  readonly stale: (age: string, limit: string) => string;
  readonly missing: string;
  readonly substituted: string;
}

const WORDS: Readonly<Record<ReplanLang, Words>> = {
  en: {
    replanned: "re-planned",
    start: "add-on started",
    schedule: "every 15 minutes",
    command: "from Home Assistant",
    prices: (b, a) => `new prices (${b} → ${a} slots)`,
    forecast: "PV forecast changed",
    soc: (o, p) => `SOC ${o} instead of the planned ${p}`,
    inputs: { prices: "prices", pv_forecast: "PV forecast", load_forecast: "load forecast" },
    from: "from",
    fresh: "fresh",
    stale: (age, limit) => `stale, ${age} old (limit ${limit})`,
    missing: "missing",
    substituted: "replaced by",
  },
  de: {
    replanned: "neu geplant",
    start: "Add-on gestartet",
    schedule: "alle 15 Minuten",
    command: "aus Home Assistant",
    prices: (b, a) => `neue Preise (${b} → ${a} Slots)`,
    forecast: "PV-Prognose geändert",
    soc: (o, p) => `SOC ${o} statt geplanter ${p}`,
    inputs: { prices: "Preise", pv_forecast: "PV-Prognose", load_forecast: "Verbrauchsprognose" },
    from: "von",
    fresh: "aktuell",
    stale: (age, limit) => `veraltet, ${age} alt (Grenze ${limit})`,
    missing: "fehlt",
    substituted: "ersetzt durch",
  },
  nl: {
    replanned: "opnieuw gepland",
    start: "add-on gestart",
    schedule: "elke 15 minuten",
    command: "vanuit Home Assistant",
    prices: (b, a) => `nieuwe prijzen (${b} → ${a} slots)`,
    forecast: "PV-voorspelling gewijzigd",
    soc: (o, p) => `SOC ${o} in plaats van de geplande ${p}`,
    inputs: { prices: "prijzen", pv_forecast: "PV-voorspelling", load_forecast: "verbruiksvoorspelling" },
    from: "van",
    fresh: "actueel",
    stale: (age, limit) => `verouderd, ${age} oud (grens ${limit})`,
    missing: "ontbreekt",
    substituted: "vervangen door",
  },
};

function triggerText(t: ReplanTrigger, w: Words, f: ReplanFmt): string {
  switch (t.kind) {
    case "start":
      return w.start;
    case "schedule":
      return w.schedule;
    case "command":
      return `${t.command} ${w.command}`;
    case "prices_changed":
      return w.prices(t.slotsBefore, t.slotsAfter);
    case "forecast_changed":
      return `${w.forecast} (${f.kWh(t.energyBeforeWh)} → ${f.kWh(t.energyAfterWh)})`;
    case "soc_off_plan":
      return w.soc(f.pct(t.observedSocPct), f.pct(t.plannedSocPct));
  }
}

/** "re-planned: new prices (24 → 48 slots)". */
export function replannedText(t: ReplanTrigger, lang: ReplanLang, f: ReplanFmt): string {
  const w = WORDS[lang];
  return `${w.replanned}: ${triggerText(t, w, f)}`;
}

function statusText(s: InputStatus, w: Words, f: ReplanFmt): string {
  switch (s.kind) {
    case "fresh":
      return `${w.fresh} (${f.minutes(s.ageMs)})`;
    case "stale":
      return w.stale(f.minutes(s.ageMs), f.minutes(s.maxAgeMs));
    case "missing":
      return `${w.missing} (${s.cause})`;
    case "substituted":
      return `${w.substituted} ${s.by} (${s.cause})`;
  }
}

/** "PV forecast from open_meteo: stale, 190 min old (limit 180 min)". */
export function inputStatusText(input: string, source: string | null, status: InputStatus, lang: ReplanLang, f: ReplanFmt): string {
  const w = WORDS[lang];
  const name = w.inputs[input] ?? input;
  return `${name}${source === null ? "" : ` ${w.from} ${source}`}: ${statusText(status, w, f)}`;
}
