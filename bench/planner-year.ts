/**
 * The planner's year replay alone: `node dist/planner-year.mjs [--quick] [--full]` after building
 * this file with esbuild (the whole `npm run bench` also runs it, after the timing and gap studies).
 */
import path from "node:path";
import { createHighsSolver } from "../addon/src/planner/solvers/highs-solver.js";
import { loadYear } from "./bench-data.js";
import { yearCosts } from "./planner-bench.js";

const t0 = performance.now();
const year = loadYear(path.resolve(process.cwd(), "../shared/data"));
const highs = await createHighsSolver();
yearCosts(highs, year, process.argv.includes("--quick"), process.argv.includes("--full"), (line) => {
  console.log(line);
});
console.log(`year replay: ${((performance.now() - t0) / 1000).toFixed(1)} s wall`);
