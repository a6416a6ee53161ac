import type { EpochMs, PriceSeries, PriceSlot, PriceSource, SourceResult } from "../domain/index.js";
import { MS_PER_HOUR, MS_PER_MINUTE } from "../domain/index.js";
import { httpGet, statusToFailure, type FetchLike } from "./http.js";
import { andThen, priceSeries } from "./parse.js";
import { perMWhToPerKWh, preferFinest } from "./slot-ops.js";
import { parseIsoMs } from "./zoned-time.js";

/**
 * ENTSO-E Transparency Platform A44 (day-ahead prices) as XML. A tiny reader for the elements
 * we need; no XML package. Semantics (DEVICES.md §4): EUR/MWh, UTC intervals; curveType A03
 * lets points be omitted when equal to the previous one; DE-LU publishes two TimeSeries for the
 * same day (60 and 15 min) that must not be added: the finest resolution wins.
 */

function blocks(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, "g");
  return [...xml.matchAll(re)].map((m) => m[1] ?? "");
}

function text(xml: string, tag: string): string | null {
  const b = blocks(xml, tag.replace(/\./g, "\\."))[0];
  return b === undefined ? null : b.trim();
}

const RESOLUTION_RE = /^PT(\d+)M$|^PT(\d+)H$|^P1D$/;

/** `PT15M`/`PT60M`/`PT1H`/`P1D` → ms, or null for anything else (a zero length included). */
export function resolutionMs(iso: string): number | null {
  const m = RESOLUTION_RE.exec(iso);
  if (m === null) return null;
  const ms = m[1] !== undefined ? Number(m[1]) * MS_PER_MINUTE : m[2] !== undefined ? Number(m[2]) * MS_PER_HOUR : 24 * MS_PER_HOUR;
  return ms > 0 && Number.isFinite(ms) ? ms : null;
}

/**
 * The longest Period we read. We ask for 3 days; a longer one is a malformed document, and
 * reading it would mean one slot per resolution step over the whole span (at PT1M over a year:
 * half a million slots).
 */
const MAX_PERIOD_MS = 7 * 24 * MS_PER_HOUR;

/** A Period's interval and step (ms), or why it cannot be read. */
function periodFrame(period: string): { start: EpochMs; end: EpochMs; res: number } | string {
  const start = parseIsoMs(text(period, "start") ?? "");
  const end = parseIsoMs(text(period, "end") ?? "");
  const res = resolutionMs(text(period, "resolution") ?? "");
  if (start === null || end === null || res === null) return "period without a valid timeInterval/resolution";
  if (end <= start || end - start > MAX_PERIOD_MS) return `period of ${((end - start) / MS_PER_HOUR).toFixed(1)} h (expected more than 0 and at most 7 days)`;
  return { start, end, res };
}

/** One Period → slots, filling positions omitted under curve A03 with the previous price. */
function periodSlots(period: string): PriceSlot[] | string {
  const frame = periodFrame(period);
  if (typeof frame === "string") return frame;
  const { start, end, res } = frame;
  const points = blocks(period, "Point")
    .map((p) => ({ position: Number(text(p, "position")), price: Number(text(p, "price.amount")) }))
    .filter((p) => Number.isInteger(p.position) && p.position >= 1 && Number.isFinite(p.price))
    .sort((a, b) => a.position - b.position);
  const count = Math.round((end - start) / res);
  const slots: PriceSlot[] = [];
  let k = 0;
  let current: number | null = null;
  for (let pos = 1; pos <= count; pos++) {
    while (k < points.length && (points[k]?.position ?? Infinity) <= pos) current = points[k++]?.price ?? current;
    if (current === null) continue;
    slots.push({ startMs: start + (pos - 1) * res, endMs: start + pos * res, priceEurPerKWh: perMWhToPerKWh(current) });
  }
  return slots;
}

/** Parses an A44 document into one spot series (EUR/kWh); overlapping resolutions → finest. */
export function parseEntsoeA44(xml: string, fetchedAtMs: EpochMs): SourceResult<PriceSeries> {
  if (xml.includes("Acknowledgement_MarketDocument")) {
    const reason = text(xml, "text") ?? "no data";
    return { kind: "error", severity: "transient", message: `entsoe: ${reason}` };
  }
  const groups: PriceSlot[][] = [];
  for (const ts of blocks(xml, "TimeSeries")) {
    const currency = text(ts, "currency_Unit.name");
    const unit = text(ts, "price_Measure_Unit.name");
    if (currency !== "EUR" || unit !== "MWH") {
      return { kind: "error", severity: "permanent", message: `entsoe: unsupported unit ${currency ?? "?"}/${unit ?? "?"}` };
    }
    const slots: PriceSlot[] = [];
    for (const period of blocks(ts, "Period")) {
      const r = periodSlots(period);
      if (typeof r === "string") return { kind: "error", severity: "permanent", message: `entsoe: ${r}` };
      slots.push(...r);
    }
    groups.push(slots);
  }
  return priceSeries("entsoe", fetchedAtMs, preferFinest(groups));
}

export interface EntsoeOptions {
  readonly fetch: FetchLike;
  /** Security token from the options; never logged. */
  readonly token: string;
  /** EIC bidding zone, e.g. `10Y1001A1001A82H` (DE-LU). */
  readonly area: string;
  readonly baseUrl?: string;
}

function compactUtc(ms: EpochMs): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[-:T]/g, "");
}

/** ENTSO-E direct source: yesterday 00:00 UTC to +2 days (covers a local today and tomorrow). */
export function entsoeSource(opts: EntsoeOptions): PriceSource {
  const base = opts.baseUrl ?? "https://web-api.tp.entsoe.eu";
  return {
    id: "entsoe",
    async fetch(nowMs) {
      const day = 24 * MS_PER_HOUR;
      const from = Math.floor(nowMs / day) * day - day;
      const q = new URLSearchParams({
        securityToken: opts.token,
        documentType: "A44",
        in_Domain: opts.area,
        out_Domain: opts.area,
        periodStart: compactUtc(from),
        periodEnd: compactUtc(from + 3 * day),
      });
      const http = await httpGet(opts.fetch, `${base}/api?${q.toString()}`);
      return andThen(http, (h) => (h.status === 200 ? parseEntsoeA44(h.body, nowMs) : statusToFailure(h, 30 * 60_000)));
    },
  };
}
