import type { EpochMs } from "./time.js";
import type { CurtailCause, FallbackCause, PlanReason, RuleName } from "./reason.js";
import { inputStatusText, replannedText, type ReplanFmt } from "./replan-text.js";

/**
 * Localized reason texts (en, de, nl) as pure functions, for the add-on and the card. The
 * numbers come from the reason itself; each language maps every `kind` (checked by the type).
 */
export type ReasonLang = "en" | "de" | "nl";

export interface ReasonTextOptions {
  /** IANA zone for clock times, e.g. "Europe/Berlin"; UTC when omitted. */
  readonly timeZone?: string;
}

interface Fmt extends ReplanFmt {
  price(eurPerKWh: number): string;
  watts(w: number): string;
  pct(p: number): string;
  time(ms: EpochMs): string;
  eur(e: number): string;
}

type Texts = { readonly [K in PlanReason["kind"]]: (r: Extract<PlanReason, { kind: K }>, f: Fmt) => string };

interface Language {
  readonly texts: Texts;
  readonly curtail: Readonly<Record<CurtailCause, string>>;
  readonly rule: Readonly<Record<RuleName, string>>;
  readonly fallback: (c: FallbackCause, f: Fmt) => string;
}

const en: Language = {
  texts: {
    grid_charge: (r, f) => `charge from grid: ${f.price(r.priceNowEurPerKWh)} now vs ${f.price(r.laterPriceEurPerKWh)} at ${f.time(r.laterAtMs)}, worth it after ${f.pct(r.roundTripLossPct)} round-trip loss`,
    discharge: (r, f) => `discharge ${f.watts(r.powerW)}: grid costs ${f.price(r.priceNowEurPerKWh)}, stored energy is worth ${f.price(r.storedValueEurPerKWh)}`,
    store_pv: (r, f) => `store ${f.watts(r.powerW)} of PV: export pays ${f.price(r.exportPriceEurPerKWh)}, using it at ${f.time(r.laterAtMs)} saves ${f.price(r.laterPriceEurPerKWh)}`,
    hold: (r, f) => `hold the battery: ${f.price(r.priceNowEurPerKWh)} now, ${f.price(r.laterPriceEurPerKWh)} at ${f.time(r.laterAtMs)}`,
    idle: (r, f) => `battery idle: price spread ${f.price(r.spreadEurPerKWh)} does not beat the ${f.price(r.neededSpreadEurPerKWh)} lost to efficiency and wear`,
    curtail: (r, f) => `curtail ${f.watts(r.curtailedW)}: ${en.curtail[r.cause]} and export capped at ${f.watts(r.exportLimitW)}`,
    export: (r, f) => `export ${f.watts(r.powerW)} at ${f.price(r.exportPriceEurPerKWh)}`,
    negative_price: (r, f) => `negative price ${f.price(r.priceEurPerKWh)}: importing ${f.watts(r.importW)} earns money`,
    plug_on: (r, f) => `${r.plugId} on: ${f.price(r.priceEurPerKWh)} vs ${f.price(r.windowMeanPriceEurPerKWh)} on average in its window`,
    rule: (r, f) => `rule ${en.rule[r.rule]}: price ${f.price(r.priceEurPerKWh)} (cheap ≤ ${f.price(r.lowThresholdEurPerKWh)}, dear ≥ ${f.price(r.highThresholdEurPerKWh)})`,
    fallback: (r, f) => `fallback to rules: ${en.fallback(r.cause, f)}`,
    solved: (r) => `planned by ${r.solver} (${r.status}, ${r.binaries} on/off decisions)`,
    plan_kept: (r, f) => `plan kept: new plan ${f.eur(r.candidateCostEur)} vs ${f.eur(r.keptCostEur)}, not better by ${f.eur(r.marginEur)}`,
    plan_replaced: (r, f) => `plan replaced: ${f.eur(r.candidateCostEur)} instead of ${f.eur(r.keptCostEur)}; first ${r.stickySlots} slots kept`,
    off_plan: (r, f) => `off plan: SOC ${f.pct(r.observedSocPct)} instead of ${f.pct(r.plannedSocPct)}`,
    replanned: (r, f) => replannedText(r.trigger, "en", f),
    input_status: (r, f) => inputStatusText(r.input, r.source, r.status, "en", f),
  },
  curtail: { battery_full: "battery full", export_capped: "export limit reached", negative_export_price: "export price negative", charge_limit: "charge power limit" },
  rule: { self_consumption: "self-consumption", cheap_charge: "charge when cheap", dear_discharge: "discharge when dear", safe_state: "safe state", no_battery: "battery unused" },
  fallback: (c, f) => fallbackText(c, f, { timeout: "timed out after", infeasible: "found no feasible plan", error: "failed", invalid: "gave an invalid answer", missing: "missing data" }),
};

const de: Language = {
  texts: {
    grid_charge: (r, f) => `aus dem Netz laden: jetzt ${f.price(r.priceNowEurPerKWh)}, um ${f.time(r.laterAtMs)} ${f.price(r.laterPriceEurPerKWh)}, lohnt sich trotz ${f.pct(r.roundTripLossPct)} Speicherverlust`,
    discharge: (r, f) => `${f.watts(r.powerW)} entladen: Netz kostet ${f.price(r.priceNowEurPerKWh)}, gespeicherte Energie ist ${f.price(r.storedValueEurPerKWh)} wert`,
    store_pv: (r, f) => `${f.watts(r.powerW)} PV speichern: Einspeisung bringt ${f.price(r.exportPriceEurPerKWh)}, um ${f.time(r.laterAtMs)} spart sie ${f.price(r.laterPriceEurPerKWh)}`,
    hold: (r, f) => `Akku halten: jetzt ${f.price(r.priceNowEurPerKWh)}, um ${f.time(r.laterAtMs)} ${f.price(r.laterPriceEurPerKWh)}`,
    idle: (r, f) => `Akku ruht: Preisspanne ${f.price(r.spreadEurPerKWh)} deckt die Verluste von ${f.price(r.neededSpreadEurPerKWh)} nicht`,
    curtail: (r, f) => `${f.watts(r.curtailedW)} abregeln: ${de.curtail[r.cause]}, Einspeisung auf ${f.watts(r.exportLimitW)} begrenzt`,
    export: (r, f) => `${f.watts(r.powerW)} einspeisen zu ${f.price(r.exportPriceEurPerKWh)}`,
    negative_price: (r, f) => `negativer Preis ${f.price(r.priceEurPerKWh)}: ${f.watts(r.importW)} Bezug bringt Geld`,
    plug_on: (r, f) => `${r.plugId} an: ${f.price(r.priceEurPerKWh)} statt durchschnittlich ${f.price(r.windowMeanPriceEurPerKWh)} im Zeitfenster`,
    rule: (r, f) => `Regel ${de.rule[r.rule]}: Preis ${f.price(r.priceEurPerKWh)} (günstig ≤ ${f.price(r.lowThresholdEurPerKWh)}, teuer ≥ ${f.price(r.highThresholdEurPerKWh)})`,
    fallback: (r, f) => `Rückfall auf Regeln: ${de.fallback(r.cause, f)}`,
    solved: (r) => `geplant mit ${r.solver} (${r.status}, ${r.binaries} Ein/Aus-Entscheidungen)`,
    plan_kept: (r, f) => `Plan beibehalten: neuer Plan ${f.eur(r.candidateCostEur)} statt ${f.eur(r.keptCostEur)}, nicht um ${f.eur(r.marginEur)} besser`,
    plan_replaced: (r, f) => `Plan ersetzt: ${f.eur(r.candidateCostEur)} statt ${f.eur(r.keptCostEur)}; erste ${r.stickySlots} Slots bleiben`,
    off_plan: (r, f) => `Abweichung vom Plan: SOC ${f.pct(r.observedSocPct)} statt ${f.pct(r.plannedSocPct)}`,
    replanned: (r, f) => replannedText(r.trigger, "de", f),
    input_status: (r, f) => inputStatusText(r.input, r.source, r.status, "de", f),
  },
  curtail: { battery_full: "Akku voll", export_capped: "Einspeisegrenze erreicht", negative_export_price: "Einspeisepreis negativ", charge_limit: "Ladeleistung am Limit" },
  rule: { self_consumption: "Eigenverbrauch", cheap_charge: "günstig laden", dear_discharge: "teuer entladen", safe_state: "sicherer Zustand", no_battery: "Akku ungenutzt" },
  fallback: (c, f) => fallbackText(c, f, { timeout: "Zeitlimit überschritten nach", infeasible: "fand keinen zulässigen Plan", error: "fehlgeschlagen", invalid: "lieferte eine ungültige Lösung", missing: "Daten fehlen" }),
};

const nl: Language = {
  texts: {
    grid_charge: (r, f) => `laden uit het net: nu ${f.price(r.priceNowEurPerKWh)}, om ${f.time(r.laterAtMs)} ${f.price(r.laterPriceEurPerKWh)}, loont ondanks ${f.pct(r.roundTripLossPct)} rendementsverlies`,
    discharge: (r, f) => `${f.watts(r.powerW)} ontladen: het net kost ${f.price(r.priceNowEurPerKWh)}, opgeslagen energie is ${f.price(r.storedValueEurPerKWh)} waard`,
    store_pv: (r, f) => `${f.watts(r.powerW)} zonnestroom opslaan: terugleveren levert ${f.price(r.exportPriceEurPerKWh)}, om ${f.time(r.laterAtMs)} bespaart het ${f.price(r.laterPriceEurPerKWh)}`,
    hold: (r, f) => `batterij vasthouden: nu ${f.price(r.priceNowEurPerKWh)}, om ${f.time(r.laterAtMs)} ${f.price(r.laterPriceEurPerKWh)}`,
    idle: (r, f) => `batterij rust: prijsverschil ${f.price(r.spreadEurPerKWh)} dekt de verliezen van ${f.price(r.neededSpreadEurPerKWh)} niet`,
    curtail: (r, f) => `${f.watts(r.curtailedW)} afregelen: ${nl.curtail[r.cause]}, teruglevering begrensd op ${f.watts(r.exportLimitW)}`,
    export: (r, f) => `${f.watts(r.powerW)} terugleveren voor ${f.price(r.exportPriceEurPerKWh)}`,
    negative_price: (r, f) => `negatieve prijs ${f.price(r.priceEurPerKWh)}: ${f.watts(r.importW)} afnemen levert geld op`,
    plug_on: (r, f) => `${r.plugId} aan: ${f.price(r.priceEurPerKWh)} tegen gemiddeld ${f.price(r.windowMeanPriceEurPerKWh)} in het tijdvenster`,
    rule: (r, f) => `regel ${nl.rule[r.rule]}: prijs ${f.price(r.priceEurPerKWh)} (goedkoop ≤ ${f.price(r.lowThresholdEurPerKWh)}, duur ≥ ${f.price(r.highThresholdEurPerKWh)})`,
    fallback: (r, f) => `terugval op regels: ${nl.fallback(r.cause, f)}`,
    solved: (r) => `gepland met ${r.solver} (${r.status}, ${r.binaries} aan/uit-beslissingen)`,
    plan_kept: (r, f) => `plan behouden: nieuw plan ${f.eur(r.candidateCostEur)} tegen ${f.eur(r.keptCostEur)}, niet ${f.eur(r.marginEur)} beter`,
    plan_replaced: (r, f) => `plan vervangen: ${f.eur(r.candidateCostEur)} in plaats van ${f.eur(r.keptCostEur)}; eerste ${r.stickySlots} slots blijven`,
    off_plan: (r, f) => `afwijking van het plan: SOC ${f.pct(r.observedSocPct)} in plaats van ${f.pct(r.plannedSocPct)}`,
    replanned: (r, f) => replannedText(r.trigger, "nl", f),
    input_status: (r, f) => inputStatusText(r.input, r.source, r.status, "nl", f),
  },
  curtail: { battery_full: "batterij vol", export_capped: "terugleverlimiet bereikt", negative_export_price: "terugleverprijs negatief", charge_limit: "laadvermogen op maximum" },
  rule: { self_consumption: "eigen verbruik", cheap_charge: "goedkoop laden", dear_discharge: "duur ontladen", safe_state: "veilige toestand", no_battery: "batterij ongebruikt" },
  fallback: (c, f) => fallbackText(c, f, { timeout: "tijdslimiet overschreden na", infeasible: "vond geen haalbaar plan", error: "mislukt", invalid: "gaf een ongeldig antwoord", missing: "ontbrekende gegevens" }),
};

interface FallbackWords {
  readonly timeout: string;
  readonly infeasible: string;
  readonly error: string;
  readonly invalid: string;
  readonly missing: string;
}

function fallbackText(c: FallbackCause, f: Fmt, w: FallbackWords): string {
  switch (c.kind) {
    case "solver_timeout":
      return `${c.solver} ${w.timeout} ${c.timeLimitMs} ms`;
    case "solver_infeasible":
      return `${c.solver} ${w.infeasible}`;
    case "solver_error":
      return `${c.solver} ${w.error}: ${c.message}`;
    case "invalid_solution":
      return `${c.solver} ${w.invalid} (${c.check}: ${c.violation.toPrecision(3)})`;
    case "missing_data":
      return `${w.missing}: ${c.field} (${f.time(c.fromMs)})`;
  }
}

const LANGUAGES: Readonly<Record<ReasonLang, Language>> = { en, de, nl };

function formatter(lang: ReasonLang, o: ReasonTextOptions): Fmt {
  const num = (digits: number) => new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const n2 = num(2);
  const n0 = num(0);
  const clock = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: o.timeZone ?? "UTC" });
  return {
    price: (p) => `${n2.format(p)} €/kWh`,
    watts: (w) => `${n0.format(w)} W`,
    pct: (p) => `${n0.format(p)} %`,
    time: (ms) => clock.format(ms),
    eur: (e) => `${n2.format(e)} €`,
    kWh: (wh) => `${n2.format(wh / 1000)} kWh`,
    minutes: (ms) => `${n0.format(ms / 60_000)} min`,
  };
}

/** The sentence for one reason in `lang`. Pure: same reason, language and zone, same text. */
export function reasonText(reason: PlanReason, lang: ReasonLang, options: ReasonTextOptions = {}): string {
  const texts = LANGUAGES[lang].texts;
  const render = texts[reason.kind] as (r: PlanReason, f: Fmt) => string;
  return render(reason, formatter(lang, options));
}
