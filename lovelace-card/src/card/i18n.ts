import { SUNSHIFT_MODES, type SunshiftMode } from "../../../addon/src/domain/entities.js";
import type { ReasonLang } from "../../../addon/src/domain/reason-text.js";

/**
 * Every string the card and its editor show, in en, de and nl. `de` and `nl` are typed
 * against `en`, so a missing key is a compile error. Reason sentences come from the domain's
 * reason-text.ts (one set of texts for the add-on and the card), not from here.
 */
const en = {
  title: "Sunshift",
  now: "Now",
  battery: "Battery",
  pv: "Solar",
  home: "Home",
  grid: "Grid",
  importing: "import",
  exporting: "export",
  charging: "charging",
  discharging: "discharging",
  plan: "Plan",
  next_hours: "next {h} h",
  then: "then {action} from {time}",
  savings: "Savings",
  today: "today",
  month: "this month",
  data_age: "Data age",
  age_prices: "Prices",
  age_pv_forecast: "PV forecast",
  age_grid_meter: "Meter",
  no_data: "no data",
  stale: "stale",
  problem: "Problem",
  mode: "Mode",
  replan: "Re-plan",
  mode_auto: "Automatic",
  mode_self_consumption: "Self-consumption",
  mode_charge: "Charge",
  mode_discharge: "Discharge",
  mode_hold: "Hold",
  mode_off: "Off",
  action_grid_charge: "Charging from the grid",
  action_charge: "Storing solar power",
  action_discharge: "Supplying the home",
  action_idle: "Idle",
  price: "Price",
  soc: "Battery level",
  load: "Home load",
  pv_forecast: "Solar forecast",
  load_forecast: "Load forecast",
  charge: "Charge",
  discharge: "Discharge",
  plugs: "Plugs",
  reasons: "Why",
  no_reasons: "No reason recorded for this slot.",
  reasons_dropped: "{n} reasons were left out to fit Home Assistant's size limit.",
  close: "Close",
  no_plan: "No plan yet: Sunshift has not published one.",
  missing_entity: "Entity not found: {id}. Is the Sunshift add-on running with MQTT?",
  fallback_plan: "Fallback plan (rules, not optimised)",
  plan_made: "planned {time}",
  ed_title: "Title",
  ed_prefix: "Entity prefix (sensor.<prefix>_plan …)",
  ed_hours: "Hours of plan to show (6–48)",
  ed_show_flow: "Show the power flow",
  ed_show_controls: "Show mode and re-plan controls",
  ed_stale_prices: "Prices count as stale after (hours)",
  ed_stale_pv: "PV forecast counts as stale after (hours)",
  ed_stale_meter: "Meter counts as stale after (seconds)",
  ed_invalid: "Not saved: {error}",
} as const;

export type MessageKey = keyof typeof en;
type Messages = Readonly<Record<MessageKey, string>>;

const de: Messages = {
  title: "Sunshift",
  now: "Jetzt",
  battery: "Akku",
  pv: "Solar",
  home: "Haus",
  grid: "Netz",
  importing: "Bezug",
  exporting: "Einspeisung",
  charging: "lädt",
  discharging: "entlädt",
  plan: "Plan",
  next_hours: "nächste {h} h",
  then: "danach {action} ab {time}",
  savings: "Ersparnis",
  today: "heute",
  month: "diesen Monat",
  data_age: "Datenalter",
  age_prices: "Preise",
  age_pv_forecast: "PV-Prognose",
  age_grid_meter: "Zähler",
  no_data: "keine Daten",
  stale: "veraltet",
  problem: "Problem",
  mode: "Modus",
  replan: "Neu planen",
  mode_auto: "Automatisch",
  mode_self_consumption: "Eigenverbrauch",
  mode_charge: "Laden",
  mode_discharge: "Entladen",
  mode_hold: "Halten",
  mode_off: "Aus",
  action_grid_charge: "Lädt aus dem Netz",
  action_charge: "Speichert Solarstrom",
  action_discharge: "Versorgt das Haus",
  action_idle: "Ruht",
  price: "Preis",
  soc: "Ladestand",
  load: "Hausverbrauch",
  pv_forecast: "Solarprognose",
  load_forecast: "Verbrauchsprognose",
  charge: "Laden",
  discharge: "Entladen",
  plugs: "Steckdosen",
  reasons: "Warum",
  no_reasons: "Für diesen Zeitraum ist kein Grund vermerkt.",
  reasons_dropped: "{n} Gründe wurden wegen der Größengrenze von Home Assistant weggelassen.",
  close: "Schließen",
  no_plan: "Noch kein Plan: Sunshift hat noch keinen veröffentlicht.",
  missing_entity: "Entität nicht gefunden: {id}. Läuft das Sunshift-Add-on mit MQTT?",
  fallback_plan: "Ersatzplan (Regeln, nicht optimiert)",
  plan_made: "geplant {time}",
  ed_title: "Titel",
  ed_prefix: "Entitäts-Präfix (sensor.<Präfix>_plan …)",
  ed_hours: "Angezeigte Planstunden (6–48)",
  ed_show_flow: "Energiefluss anzeigen",
  ed_show_controls: "Modus und Neu-planen anzeigen",
  ed_stale_prices: "Preise gelten als veraltet nach (Stunden)",
  ed_stale_pv: "PV-Prognose gilt als veraltet nach (Stunden)",
  ed_stale_meter: "Zähler gilt als veraltet nach (Sekunden)",
  ed_invalid: "Nicht gespeichert: {error}",
};

const nl: Messages = {
  title: "Sunshift",
  now: "Nu",
  battery: "Batterij",
  pv: "Zon",
  home: "Huis",
  grid: "Net",
  importing: "afname",
  exporting: "teruglevering",
  charging: "laadt",
  discharging: "ontlaadt",
  plan: "Plan",
  next_hours: "komende {h} u",
  then: "daarna {action} vanaf {time}",
  savings: "Besparing",
  today: "vandaag",
  month: "deze maand",
  data_age: "Leeftijd gegevens",
  age_prices: "Prijzen",
  age_pv_forecast: "Zonneprognose",
  age_grid_meter: "Meter",
  no_data: "geen gegevens",
  stale: "verouderd",
  problem: "Probleem",
  mode: "Modus",
  replan: "Opnieuw plannen",
  mode_auto: "Automatisch",
  mode_self_consumption: "Eigen verbruik",
  mode_charge: "Laden",
  mode_discharge: "Ontladen",
  mode_hold: "Vasthouden",
  mode_off: "Uit",
  action_grid_charge: "Laadt uit het net",
  action_charge: "Slaat zonnestroom op",
  action_discharge: "Voorziet het huis",
  action_idle: "Rust",
  price: "Prijs",
  soc: "Laadniveau",
  load: "Huisverbruik",
  pv_forecast: "Zonneprognose",
  load_forecast: "Verbruiksprognose",
  charge: "Laden",
  discharge: "Ontladen",
  plugs: "Stekkers",
  reasons: "Waarom",
  no_reasons: "Voor dit tijdvak is geen reden vastgelegd.",
  reasons_dropped: "{n} redenen zijn weggelaten vanwege de groottegrens van Home Assistant.",
  close: "Sluiten",
  no_plan: "Nog geen plan: Sunshift heeft er nog geen gepubliceerd.",
  missing_entity: "Entiteit niet gevonden: {id}. Draait de Sunshift-add-on met MQTT?",
  fallback_plan: "Noodplan (regels, niet geoptimaliseerd)",
  plan_made: "gepland {time}",
  ed_title: "Titel",
  ed_prefix: "Entiteitsvoorvoegsel (sensor.<voorvoegsel>_plan …)",
  ed_hours: "Te tonen planuren (6–48)",
  ed_show_flow: "Energiestroom tonen",
  ed_show_controls: "Modus en opnieuw plannen tonen",
  ed_stale_prices: "Prijzen gelden als verouderd na (uren)",
  ed_stale_pv: "Zonneprognose geldt als verouderd na (uren)",
  ed_stale_meter: "Meter geldt als verouderd na (seconden)",
  ed_invalid: "Niet opgeslagen: {error}",
};

const MESSAGES: Readonly<Record<ReasonLang, Messages>> = { en, de, nl };

/** Card language from HA's `locale.language` (or the older `language`), "de-AT" → "de"; English otherwise. */
export function cardLang(language: string | undefined): ReasonLang {
  const base = (language ?? "en").toLowerCase().split(/[-_]/)[0];
  return base === "de" || base === "nl" ? base : "en";
}

/** The string for `key` in `lang` with `{name}` placeholders filled. */
export function t(lang: ReasonLang, key: MessageKey, vars: Readonly<Record<string, string | number>> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

/** Every key, for the completeness test. */
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];
export function messagesOf(lang: ReasonLang): Messages {
  return MESSAGES[lang];
}

const isMode = (m: string): m is SunshiftMode => (SUNSHIFT_MODES as readonly string[]).includes(m);

/** The label of a mode select option; options Sunshift does not know are shown as they are. */
export function modeLabel(mode: string, lang: ReasonLang): string {
  return isMode(mode) ? t(lang, `mode_${mode}`) : mode;
}
