import { z } from "zod";
import type { EpochMs, PriceSeries, PriceSlot, PriceSource, SourceResult } from "../domain/index.js";
import { MS_PER_HOUR } from "../domain/index.js";
import { httpGet, parseJson, statusToFailure, type FetchLike } from "./http.js";
import { andThen, isoTime, parseWith, priceSeries } from "./parse.js";

/** Octopus standard-unit-rates page (DEVICES.md §4): newest first, p/kWh, UTC, paginated. */
export const octopusRatesSchema = z.object({
  next: z.string().nullable().optional(),
  results: z.array(
    z.object({
      value_exc_vat: z.number(),
      value_inc_vat: z.number(),
      valid_from: isoTime,
      valid_to: isoTime.nullable(),
    }),
  ),
});

export type OctopusRates = z.infer<typeof octopusRatesSchema>["results"];

/**
 * Rates → slots in GBP/kWh incl. VAT (retail). Sorted oldest first; an open `valid_to` (null)
 * or one not after `valid_from` (seen in real pages) ends at the next rate's start, or after
 * `openEndMs` when it is the newest.
 */
export function octopusToSlots(results: OctopusRates, openEndMs: number = 24 * MS_PER_HOUR): PriceSlot[] {
  const sorted = [...results].sort((a, b) => a.valid_from - b.valid_from);
  return sorted.map((r, i) => {
    const nextStart = sorted[i + 1]?.valid_from;
    const validTo = r.valid_to !== null && r.valid_to > r.valid_from ? r.valid_to : undefined;
    const endMs = Math.min(validTo ?? Infinity, nextStart ?? r.valid_from + openEndMs);
    return { startMs: r.valid_from, endMs, priceEurPerKWh: r.value_inc_vat / 100 };
  });
}

export function octopusToSeries(results: OctopusRates, fetchedAtMs: EpochMs): SourceResult<PriceSeries> {
  return priceSeries("octopus", fetchedAtMs, octopusToSlots(results), { kind: "retail", currency: "GBP" });
}

export interface OctopusOptions {
  readonly fetch: FetchLike;
  /** e.g. AGILE-FLEX-22-11-25 */
  readonly product: string;
  /** e.g. E-1R-AGILE-FLEX-22-11-25-C */
  readonly tariff: string;
  readonly baseUrl?: string;
}

const MAX_PAGES = 3;

/** Octopus REST (no key needed for public unit rates): from the current hour, +48 h. */
export function octopusSource(opts: OctopusOptions): PriceSource {
  const base = opts.baseUrl ?? "https://api.octopus.energy";
  return {
    id: "octopus",
    async fetch(nowMs) {
      const from = new Date(Math.floor(nowMs / MS_PER_HOUR) * MS_PER_HOUR).toISOString();
      const to = new Date(nowMs + 48 * MS_PER_HOUR).toISOString();
      let url: string | null | undefined =
        `${base}/v1/products/${encodeURIComponent(opts.product)}/electricity-tariffs/${encodeURIComponent(opts.tariff)}/standard-unit-rates/?period_from=${from}&period_to=${to}`;
      const results: OctopusRates[number][] = [];
      for (let page = 0; page < MAX_PAGES && typeof url === "string"; page++) {
        const http = await httpGet(opts.fetch, url);
        const parsed = andThen(http, (h) =>
          h.status === 200 ? andThen(parseJson(h.body), (j) => parseWith(octopusRatesSchema, j, "octopus")) : statusToFailure<never>(h, 30 * 60_000),
        );
        if (parsed.kind !== "ok") return parsed;
        results.push(...parsed.value.results);
        url = parsed.value.next;
      }
      return octopusToSeries(results, nowMs);
    },
  };
}
