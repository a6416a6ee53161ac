// `npm run bench [-- --quick] [-- --only store|forecast|planner|insight|fast-loop|worker]`: every benchmark, printing
// tables. Figures go to the README's performance section; they are not pass/fail tests.
import { runForecastBench } from "./forecast-bench.js";
import { runPlannerBench } from "./planner-bench.js";
import { runStoreBench } from "./store-bench.js";
import { runInsightBench } from "./insight-bench.js";
import { runFastLoopBench } from "./fast-loop-bench.js";
import { runWorkerBench } from "./worker-bench.js";

const quick = process.argv.includes("--quick");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
const print = (line: string): void => {
  console.log(line);
};

const benches: readonly [string, () => Promise<void>][] = [
  ["store", () => runStoreBench({ quick, print })],
  ["forecast", () => runForecastBench({ quick, print })],
  ["planner", () => runPlannerBench({ quick, print })],
  ["insight", () => runInsightBench({ quick, print })],
  ["fast-loop", () => runFastLoopBench({ quick, print })],
  ["worker", () => runWorkerBench({ quick, print })],
];

for (const [name, bench] of benches) {
  if (only !== undefined && only !== name) continue;
  print(`\n=== ${name} ${quick ? "(quick)" : ""} ===`);
  const t0 = performance.now();
  await bench();
  print(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
