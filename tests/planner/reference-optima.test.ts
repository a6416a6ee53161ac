/**
 * The planner's model reproduces the 54 native-HiGHS reference optima of
 * ../shared/data/emhass/derived/bench_reference_optima.csv (scenarios in
 * bench_scenarios_48h.json; model in OPTIMIZATION.md §3.5/§7). The 9 `lpdip` rows are the
 * physically wrong model without exclusivity and are skipped; `milpxdip` (full exclusivity
 * binaries) is matched by our dominance fix.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Solver } from "../../addon/src/domain/index.js";
import { compareReference } from "../../bench/reference-optima.js";
import { highsSolver } from "./support/run.js";

let highs: Solver;
beforeAll(async () => {
  highs = await highsSolver();
});

describe("reference optima (OPTIMIZATION.md §3.5)", () => {
  it("all 45 comparable rows within 1e-8 EUR (the CSV has 9 decimals)", () => {
    const rows = compareReference(path.resolve(import.meta.dirname, "../../../shared/data"), highs, () => 0);
    expect(rows).toHaveLength(54);
    const compared = rows.filter((r) => r.variant !== "lpdip");
    expect(compared).toHaveLength(45);
    for (const r of compared) {
      expect(r.ours, `${r.scenario} ${r.variant}`).not.toBeNull();
      expect(Math.abs((r.ours ?? NaN) - r.reference), `${r.scenario} ${r.variant}`).toBeLessThan(1e-8);
    }
  });
});
