import { z } from "zod";
import type { EpochMs, PriceSeries, PriceSource, SourceResult } from "../domain/index.js";
import { MS_PER_HOUR } from "../domain/index.js";
import { httpGet, parseJson, statusToFailure, type FetchLike } from "./http.js";
import { andThen, parseWith, priceSeries } from "./parse.js";
import { perMWhToPerKWh } from "./slot-ops.js";

/** aWATTar market data (DEVICES.md §4): EPEX day-ahead, EUR/MWh net, epoch ms bounds. */
export const awattarResponseSchema = z.object({
  object: z.literal("list").optional(),
  data: z.array(
    z.object({
      start_timestamp: z.number(),
      end_timestamp: z.number(),
      marketprice: z.number(),
      unit: z.string(),
    }),
  ),
});

export type AwattarCountry = "de" | "at";

export interface AwattarOptions {
  readonly country: AwattarCountry;
  readonly fetch: FetchLike;
  /** Override for tests (loopback server); default `https://api.awattar.<country>`. */
  readonly baseUrl?: string;
}

/** Converts a parsed response into a spot price series (EUR/kWh). Units other than per-MWh are refused. */
export function awattarToSeries(payload: z.infer<typeof awattarResponseSchema>, fetchedAtMs: EpochMs): SourceResult<PriceSeries> {
  const bad = payload.data.find((d) => !/^eur\s*\/\s*mwh$/i.test(d.unit));
  if (bad !== undefined) return { kind: "error", severity: "permanent", message: `awattar: unsupported unit "${bad.unit}"` };
  const slots = payload.data.map((d) => ({
    startMs: d.start_timestamp,
    endMs: d.end_timestamp,
    priceEurPerKWh: perMWhToPerKWh(d.marketprice),
  }));
  return priceSeries("awattar", fetchedAtMs, slots);
}

/** aWATTar price source: from the start of the current hour, 48 h ahead (what is published). */
export function awattarSource(opts: AwattarOptions): PriceSource {
  const base = opts.baseUrl ?? `https://api.awattar.${opts.country}`;
  return {
    id: "awattar",
    async fetch(nowMs) {
      const startMs = Math.floor(nowMs / MS_PER_HOUR) * MS_PER_HOUR;
      const url = `${base}/v1/marketdata?start=${startMs}&end=${startMs + 48 * MS_PER_HOUR}`;
      const http = await httpGet(opts.fetch, url);
      return andThen(http, (h) => {
        if (h.status !== 200) return statusToFailure(h, 15 * 60_000);
        return andThen(andThen(parseJson(h.body), (j) => parseWith(awattarResponseSchema, j, "awattar")), (p) => awattarToSeries(p, nowMs));
      });
    },
  };
}
