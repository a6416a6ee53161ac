/** The highs adapter: one runtime per process, models disposed, statuses mapped. */
import { describe, expect, it } from "vitest";
import { createHighsSolver, loadHighsOnce } from "../../addon/src/planner/solvers/highs-solver.js";
import { warmUpPrograms } from "../../addon/src/planner/warm-up.js";
import { LpBuilder } from "../../addon/src/planner/lp-builder.js";

describe("highs adapter", () => {
  it("loads the wasm once and reuses it", async () => {
    expect(loadHighsOnce()).toBe(loadHighsOnce());
    const a = await loadHighsOnce();
    await createHighsSolver();
    expect(await loadHighsOnce()).toBe(a);
  });

  it("disposes every model: wasm memory stays flat over repeated solves", async () => {
    const [lp, milp] = warmUpPrograms();
    const solver = await createHighsSolver([lp!, milp!]);
    const highs = await loadHighsOnce();
    for (let i = 0; i < 5; i++) solver.solve(lp!, { timeLimitMs: 5000, mipRelGap: 0 });
    const before = highs.memoryBytes;
    for (let i = 0; i < 30; i++) solver.solve(lp!, { timeLimitMs: 5000, mipRelGap: 0 });
    expect(highs.memoryBytes).toBe(before);
  });

  it("maps statuses: optimal with duals for LPs, none for MIPs; infeasible", async () => {
    const solver = await createHighsSolver();
    const [lp, milp] = warmUpPrograms();
    const a = solver.solve(lp!, { timeLimitMs: 5000, mipRelGap: 0 });
    expect(a.kind).toBe("optimal");
    if (a.kind === "optimal") expect(a.rowDual).not.toBeNull();
    const b = solver.solve(milp!, { timeLimitMs: 5000, mipRelGap: 0 });
    expect(b.kind).toBe("optimal");
    if (b.kind === "optimal") expect(b.rowDual).toBeNull();
    // x ≥ 2 and x ≤ 1: infeasible.
    const bad = new LpBuilder();
    const x = bad.addCol("x", 1, 0, 1);
    bad.addRow(2, Infinity, [[x, 1]]);
    expect(solver.solve(bad.build(), { timeLimitMs: 1000, mipRelGap: 0 }).kind).toBe("infeasible");
  });

  it("small hand LP: min x + 2y, x + y ≥ 3, y ≥ 1 → 4 with offset 0.5", async () => {
    const solver = await createHighsSolver();
    const b = new LpBuilder();
    const x = b.addCol("x", 1, 0, Infinity);
    const y = b.addCol("y", 2, 1, Infinity);
    b.addRow(3, Infinity, [[x, 1], [y, 1]]);
    b.addOffset(0.5);
    const out = solver.solve(b.build(), { timeLimitMs: 1000, mipRelGap: 0 });
    expect(out.kind).toBe("optimal");
    if (out.kind === "optimal") {
      expect(out.objective).toBeCloseTo(4.5, 9);
      expect(Array.from(out.colValue)).toEqual([2, 1]);
    }
  });
});
