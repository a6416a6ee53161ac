import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { BatteryModel, EpochMs, GridModel } from "../domain/index.js";
import { silentLogger } from "../domain/index.js";
import { batteryModelOf, gridModelOf, parseOptions, parseOptionsText, type Config } from "../config/index.js";
import { localToEpochMs } from "../sources/zoned-time.js";
import { openHistoryStore } from "../store/index.js";
import { spotHistory } from "./price-history.js";
import { historySiteSlots, parseSiteCsv, parseSpotCsv, scalePv, withSpot, type CsvProblem, type SiteSlot } from "./site-data.js";

/**
 * The shared input side of `sunshift backtest` and `sunshift tariffs`: options file, site data
 * from a CSV export or from the history store, and the site model. File I/O lives here (the
 * edge); everything it returns is plain data for the pure insight functions.
 */

/** Options both commands accept (already parsed by node:util parseArgs). */
export interface InsightArgs {
  readonly config?: string | undefined;
  readonly csv?: string | undefined;
  readonly prices?: string | undefined;
  readonly db?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly tz?: string | undefined;
  readonly packs?: string | undefined;
  readonly "pv-scale"?: string | undefined;
}

export const INSIGHT_ARG_OPTIONS = {
  config: { type: "string", short: "c" },
  csv: { type: "string" },
  prices: { type: "string" },
  db: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  tz: { type: "string" },
  packs: { type: "string" },
  "pv-scale": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** The options file (YAML/JSON), or the defaults when none is given. */
export async function loadInsightConfig(file: string | undefined): Promise<Loaded<Config>> {
  let raw: unknown = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (err) {
      return fail(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const parsedText = parseOptionsText(file, text);
    if (!parsedText.ok) return fail(parsedText.problem);
    raw = parsedText.raw;
  }
  const parsed = parseOptions(raw);
  return parsed.ok ? { ok: true, value: parsed.config } : fail(parsed.problems.map((p) => `${file ?? "options"}: ${p}`).join("\n"));
}

/** Battery and grid from the options; `packs` replaces the capacity by N × 1920 Wh (SolarFlow packs). */
export function siteModel(config: Config, packs: string | undefined): Loaded<{ battery: BatteryModel; grid: GridModel }> {
  const battery = batteryModelOf(config.battery);
  if (packs === undefined) return { ok: true, value: { battery, grid: gridModelOf(config.planner) } };
  const n = Number(packs);
  if (!Number.isInteger(n) || n < 1 || n > 6) return fail(`--packs: must be a whole number from 1 to 6 (got "${packs}")`);
  return { ok: true, value: { battery: { ...battery, capacityWh: 1920 * n }, grid: gridModelOf(config.planner) } };
}

const describeProblems = (file: string, problems: readonly CsvProblem[]): string =>
  problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message}`).join("\n");

/** Local date YYYY-MM-DD → epoch ms of its midnight in `timeZone`. */
export function parseLocalDate(text: string, timeZone: string, flag: string): Loaded<EpochMs> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return fail(`${flag}: must be a date YYYY-MM-DD (got "${text}")`);
  return { ok: true, value: localToEpochMs(timeZone, Number(m[1]), Number(m[2]), Number(m[3])) };
}

async function readText(file: string): Promise<Loaded<string>> {
  try {
    return { ok: true, value: await readFile(file, "utf8") };
  } catch (err) {
    return fail(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** History slots of the store, with the spot prices recorded with them (price-history.ts) unless `withRecordedSpot` is false. */
function readHistory(db: string | undefined, fromMs: EpochMs, toMs: EpochMs, withRecordedSpot: boolean): Loaded<SiteSlot[]> {
  const path = db ?? (existsSync("/data/sunshift.db") ? "/data/sunshift.db" : ".sunshift-data/sunshift.db");
  if (!existsSync(path)) return fail(`no history store at ${path}; give --db FILE or --csv FILE`);
  const store = openHistoryStore({ path, logger: silentLogger });
  try {
    const slots = historySiteSlots(store, fromMs, toMs);
    return { ok: true, value: withRecordedSpot ? withSpot(slots, spotHistory(store, fromMs, toMs)) : slots };
  } finally {
    store.close();
  }
}

/**
 * Site slots from `--csv FILE` (optionally with `--prices FILE` spot history) or from the
 * history store (`--db FILE`, `range` = `--from`/`--to`), PV scaled by `--pv-scale`. A CSV is
 * returned whole (the backtest's forecaster learns from rows before `--from`).
 */
export async function loadSiteSlots(a: InsightArgs, range: { readonly fromMs: EpochMs; readonly toMs: EpochMs }): Promise<Loaded<SiteSlot[]>> {
  const scale = a["pv-scale"] === undefined ? 1 : Number(a["pv-scale"]);
  if (!Number.isFinite(scale) || scale < 0) return fail(`--pv-scale: must be a number ≥ 0 (got "${a["pv-scale"] ?? ""}")`);
  let slots: SiteSlot[];
  if (a.csv === undefined) {
    const h = readHistory(a.db, range.fromMs, range.toMs, a.prices === undefined);
    if (!h.ok) return h;
    slots = h.value;
  } else {
    const text = await readText(a.csv);
    if (!text.ok) return text;
    const parsed = parseSiteCsv(text.value);
    if (!parsed.ok) return fail(describeProblems(a.csv, parsed.problems));
    slots = parsed.value.slots;
  }
  if (a.prices !== undefined) {
    const text = await readText(a.prices);
    if (!text.ok) return text;
    const spot = parseSpotCsv(text.value);
    if (!spot.ok) return fail(describeProblems(a.prices, spot.problems));
    slots = withSpot(slots, spot.value);
  }
  return { ok: true, value: scalePv(slots, scale) };
}

export interface InsightCommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** Every option of the insight commands, as parsed (strings, and `json`). */
export type ParsedInsightArgs = InsightArgs & { readonly json?: boolean; readonly help?: boolean; readonly tariff?: string; readonly "replan-min"?: string };

/** Parsed arguments, or that the usage was printed (`--help`), or that they were invalid (and why was printed). */
export type ArgsOutcome = { readonly kind: "ok"; readonly args: ParsedInsightArgs } | { readonly kind: "help" } | { readonly kind: "invalid" };

/** Parses argv with the insight options (plus `extra`). */
export function parseInsightArgs(args: readonly string[], io: InsightCommandIo, usage: string, extra: NonNullable<ParseArgsConfig["options"]> = {}): ArgsOutcome {
  try {
    const { values } = parseArgs({ args: [...args], options: { ...INSIGHT_ARG_OPTIONS, ...extra }, strict: true, allowPositionals: false });
    const parsed: ParsedInsightArgs = values;
    if (parsed.help !== true) return { kind: "ok", args: parsed };
    io.stdout.write(usage);
    return { kind: "help" };
  } catch (err) {
    io.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
    return { kind: "invalid" };
  }
}

const DAY_MS = 86_400_000;

/** The period to evaluate: --from/--to as local dates, else the `defaultDays` before now. */
export function periodOf(a: InsightArgs, timeZone: string, nowMs: EpochMs, defaultDays: number): Loaded<{ fromMs: EpochMs; toMs: EpochMs }> {
  const from = a.from === undefined ? { ok: true as const, value: nowMs - defaultDays * DAY_MS } : parseLocalDate(a.from, timeZone, "--from");
  if (!from.ok) return from;
  const to = a.to === undefined ? { ok: true as const, value: nowMs } : parseLocalDate(a.to, timeZone, "--to");
  if (!to.ok) return to;
  if (to.value <= from.value) return fail("--to: must be after --from");
  return { ok: true, value: { fromMs: from.value, toMs: to.value } };
}

/** Everything a command needs: options, site, zone, and the slots (evaluation starts at `evalFrom`). */
export interface PreparedInsight {
  readonly config: Config;
  readonly site: { readonly battery: BatteryModel; readonly grid: GridModel };
  readonly timeZone: string;
  readonly slots: readonly SiteSlot[];
  readonly evalFrom: number;
}

/**
 * Reads options and data for a command. A CSV without --from/--to is used whole; otherwise the
 * period [from, to) is evaluated and `lookbackDays` before it are kept for the forecaster.
 */
export async function prepareInsight(a: InsightArgs, nowMs: EpochMs, env: Readonly<Record<string, string | undefined>>, lookbackDays: number): Promise<Loaded<PreparedInsight>> {
  const timeZone = a.tz ?? env.TZ ?? "UTC";
  const config = await loadInsightConfig(a.config);
  if (!config.ok) return config;
  const site = siteModel(config.value, a.packs);
  if (!site.ok) return site;
  const period = periodOf(a, timeZone, nowMs, 365);
  if (!period.ok) return period;
  const readFrom = period.value.fromMs - lookbackDays * DAY_MS;
  const loaded = await loadSiteSlots(a, { fromMs: readFrom, toMs: period.value.toMs });
  if (!loaded.ok) return loaded;
  const whole = a.csv !== undefined && a.from === undefined && a.to === undefined;
  const slots = whole ? loaded.value : loaded.value.filter((s) => s.startMs >= readFrom && s.startMs < period.value.toMs);
  const first = slots.findIndex((s) => s.startMs >= period.value.fromMs);
  const evalFrom = whole ? 0 : first < 0 ? slots.length : first;
  return { ok: true, value: { config: config.value, site: site.value, timeZone, slots, evalFrom } };
}
