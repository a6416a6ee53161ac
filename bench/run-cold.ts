import { performance } from "node:perf_hooks";
import path from "node:path";
import { createHighsSolver } from "../addon/src/planner/solvers/highs-solver.js";
import { optimize } from "../addon/src/planner/optimize.js";
import { warmUpPrograms } from "../addon/src/planner/warm-up.js";
import { loadYear } from "./bench-data.js";
import { dayInput } from "./bench-timing.js";

const year = loadYear(path.resolve("../shared/data"));
const mode = process.argv[2] ?? "none";
const t0 = performance.now();
const highs = await createHighsSolver(mode === "none" ? [] : warmUpPrograms(Number(mode)));
const t1 = performance.now();
const r = optimize(dayInput(year, 150, 192, 2, 2), [highs]);
const t2 = performance.now();
console.log(mode, "init+warmup", (t1 - t0).toFixed(0), "first plan", (t2 - t1).toFixed(0), "total", (t2 - t0).toFixed(0), r.plan.status);
