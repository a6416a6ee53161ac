/**
 * What every source result must satisfy, whatever the payload (domain/slots.ts preconditions):
 * ok → slots sorted by start, non-overlapping, end > start, finite times and values; error →
 * a non-empty message (the recorded reason) and a severity; rate_limited → a finite positive
 * delay. Returns the violations (empty = fine).
 */
import type { SlotSeries, SourceResult } from "../../../addon/src/domain/index.js";

export function resultProblems<S extends { readonly startMs: number; readonly endMs: number }>(
  r: SourceResult<SlotSeries<S>>,
  value: (s: S) => number,
): string[] {
  switch (r.kind) {
    case "error":
      return r.message.trim() === "" ? ["error without a message"] : [];
    case "rate_limited":
      return Number.isFinite(r.retryAfterMs) && r.retryAfterMs > 0 && r.message !== "" ? [] : [`bad rate limit ${r.retryAfterMs}`];
    case "ok": {
      const out: string[] = [];
      const { slots } = r.value;
      if (!Number.isFinite(r.value.fetchedAtMs)) out.push("fetchedAtMs not finite");
      slots.forEach((s, i) => {
        if (!Number.isFinite(s.startMs) || !Number.isFinite(s.endMs) || !(s.endMs > s.startMs)) out.push(`slot ${i}: bad span`);
        if (!Number.isFinite(value(s))) out.push(`slot ${i}: value ${value(s)}`);
        const prev = slots[i - 1];
        if (prev !== undefined && s.startMs < prev.endMs) out.push(`slot ${i}: overlaps or unsorted`);
      });
      if (slots.length === 0) out.push("ok without slots");
      return out;
    }
  }
}
