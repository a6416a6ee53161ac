import type { Solver } from "../../../addon/src/domain/index.js";
import { scenarioSchema } from "../../../addon/src/planner/scenario-schema.js";
import { scenarioToInput, planToJson, type PlanJson } from "../../../addon/src/planner/scenario.js";
import { optimize } from "../../../addon/src/planner/optimize.js";
import { createHighsSolver } from "../../../addon/src/planner/solvers/highs-solver.js";
import type { CheckScenario } from "./contract-checker.js";

let highs: Promise<Solver> | undefined;

/** The process-wide HiGHS solver for tests. */
export function highsSolver(): Promise<Solver> {
  highs ??= createHighsSolver();
  return highs;
}

/** Runs a contract scenario through the planner the way `sunshift plan` does. */
export function planScenario(sc: CheckScenario, solvers: readonly Solver[]): PlanJson {
  const parsed = scenarioSchema.parse(sc);
  const result = optimize(scenarioToInput(parsed), solvers);
  return planToJson(result.plan, parsed);
}
