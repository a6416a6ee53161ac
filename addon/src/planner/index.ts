/**
 * The planner's public API (issue 3). Pure except the solver adapters, which own the WASM
 * runtime (loaded once per process).
 */
export { optimize, DEFAULT_PLANNER_OPTIONS } from "./optimize.js";
export { replan, followPlan, DEFAULT_STABILITY, type StabilityConfig, type ReplanResult } from "./stability.js";
export { planByRules, ruleThresholds, type RuleThresholds } from "./rules.js";
export { buildModel, slotHours } from "./build-model.js";
export { compileHighsWasm, createHighsSolver, loadHighsOnce } from "./solvers/highs-solver.js";
export { createJsLpSolver, type JsLpLimits } from "./solvers/jslp-solver.js";
export { warmUpPrograms } from "./warm-up.js";
export { scenarioSchema, formatIssue, type Scenario } from "./scenario-schema.js";
export { scenarioToInput, planToJson, type PlanJson } from "./scenario.js";
