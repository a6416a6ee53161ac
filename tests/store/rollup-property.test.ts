// Property: however samples are split into flushes, reordered, and interleaved with maintain
// runs (late samples included), the final aggregates equal a direct grouping of all samples.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sample } from "../../addon/src/domain/history.js";
import { MIN, QUARTER, openTestStore, T0, tempDir, type TempDir } from "./support/temp-store.js";

const SPAN = 3 * QUARTER;

function reference(samples: readonly Sample[], width: number): Map<string, { sum: number; min: number; max: number; n: number }> {
  // Later duplicates of (series, atMs) replace earlier ones, as in the store.
  const last = new Map<string, Sample>();
  for (const s of samples) last.set(`${s.series}|${s.atMs}`, s);
  const out = new Map<string, { sum: number; min: number; max: number; n: number }>();
  for (const s of last.values()) {
    const key = `${s.series}|${Math.floor(s.atMs / width) * width}`;
    const b = out.get(key) ?? { sum: 0, min: Infinity, max: -Infinity, n: 0 };
    out.set(key, { sum: b.sum + s.value, min: Math.min(b.min, s.value), max: Math.max(b.max, s.value), n: b.n + 1 });
  }
  return out;
}

const sampleArb = fc.record({
  series: fc.constantFrom("grid_w" as const, "pv_w" as const, "plug_w:heater" as const),
  atMs: fc.integer({ min: T0, max: T0 + SPAN - 1 }),
  value: fc.integer({ min: -2000, max: 2000 }),
});

describe("rollup property", () => {
  let tmp: TempDir;
  let n = 0;
  beforeAll(() => {
    tmp = tempDir();
  });
  afterAll(() => {
    tmp.cleanup();
  });

  it("final aggregates equal a direct grouping, for any flush order and maintain interleaving", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(sampleArb, { maxLength: 40 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: SPAN + QUARTER }), { minLength: 6, maxLength: 6 }),
        (flushes, maintainOffsets) => {
          const { store } = openTestStore(tmp.file(`p${n++}.db`), { rollupDelayMs: 0 });
          let now = T0;
          flushes.forEach((batch, i) => {
            store.append(batch);
            store.flush(now);
            now = Math.max(now, T0 + (maintainOffsets[i] ?? 0));
            store.maintain(now);
          });
          store.maintain(T0 + SPAN + QUARTER);
          const all = flushes.flat();
          for (const [res, width] of [["1m", MIN], ["15m", QUARTER]] as const) {
            const ref = reference(all, width);
            let seen = 0;
            for (const series of ["grid_w", "pv_w", "plug_w:heater"] as const) {
              for (const a of store.aggregates(series, res, T0, T0 + SPAN)) {
                const r = ref.get(`${series}|${a.startMs}`);
                expect(r).toBeDefined();
                expect([a.count, a.min, a.max]).toEqual([r!.n, r!.min, r!.max]);
                expect(a.mean).toBeCloseTo(r!.sum / r!.n, 9);
                seen++;
              }
            }
            expect(seen).toBe(ref.size);
          }
          store.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
