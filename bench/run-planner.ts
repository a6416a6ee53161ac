import { runPlannerBench } from "./planner-bench.js";

await runPlannerBench({ quick: process.argv.includes("--quick"), print: (line) => { console.log(line); } });
