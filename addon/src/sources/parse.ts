import { z } from "zod";
import type { PriceKind, PriceSeries, PriceSlot, SourceResult } from "../domain/index.js";
import { normalizeSlots } from "./slot-ops.js";
import { parseIsoMs } from "./zoned-time.js";

/** An ISO timestamp string (any form `parseIsoMs` reads) → epoch ms. */
export const isoTime = z.string().transform((s, ctx) => {
  const ms = parseIsoMs(s);
  if (ms === null) {
    ctx.addIssue({ code: "custom", message: `not an ISO time: ${s}` });
    return z.NEVER;
  }
  return ms;
});

/**
 * Parses a payload at the edge (STYLE.md P7). A shape mismatch means the provider changed its
 * API or the entity is misconfigured: a permanent error listing every problem with its path.
 */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): SourceResult<T> {
  const r = schema.safeParse(value);
  if (r.success) return { kind: "ok", value: r.data };
  const problems = r.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  return { kind: "error", severity: "permanent", message: `${what}: unexpected payload (${problems.join("; ")})` };
}

/** Builds a price series, establishing the slot preconditions; empty → transient error. */
export function priceSeries(
  source: string,
  fetchedAtMs: number,
  slots: readonly PriceSlot[],
  opts: { readonly kind?: PriceKind; readonly currency?: string } = {},
): SourceResult<PriceSeries> {
  const normalized = normalizeSlots(slots, (s) => s.priceEurPerKWh);
  if (normalized.length === 0) return { kind: "error", severity: "transient", message: `${source}: no prices in response` };
  const last = normalized[normalized.length - 1];
  return {
    kind: "ok",
    value: {
      source,
      fetchedAtMs,
      ...(last === undefined ? {} : { validUntilMs: last.endMs }),
      kind: opts.kind ?? "spot",
      currency: opts.currency ?? "EUR",
      slots: normalized,
    },
  };
}

/** Chains a result: runs `f` on ok, passes failures through. */
export function andThen<A, B>(r: SourceResult<A>, f: (a: A) => SourceResult<B>): SourceResult<B> {
  return r.kind === "ok" ? f(r.value) : r;
}
