import type {
  FallbackCause,
  PlanReason,
  PlannerInput,
  PlannerOptions,
  PlannerResult,
  Solver,
} from "../domain/index.js";
import { buildModel } from "./build-model.js";
import { extractDecisions, extractStoredValue } from "./extract.js";
import { assemblePlan } from "./assemble.js";
import { lpViolation, physicsViolation } from "./verify.js";
import { planByRules } from "./rules.js";

export const DEFAULT_PLANNER_OPTIONS: PlannerOptions = { mipRelGap: 1e-4, timeLimitMs: 5_000 };

/** Finds the first missing or non-finite input, as a fallback cause. */
function missingData(input: PlannerInput): FallbackCause | null {
  if (input.slots.length === 0) return { kind: "missing_data", field: "slots", fromMs: input.nowMs };
  for (const s of input.slots) {
    const fields = ["importPriceEurPerKWh", "exportPriceEurPerKWh", "loadW", "pvW"] as const;
    for (const f of fields) {
      if (!Number.isFinite(s[f])) return { kind: "missing_data", field: f, fromMs: s.startMs };
    }
  }
  return null;
}

/**
 * Safe stand-ins for missing values so the rules can still act: unknown prices become the mean
 * of the known ones (no trading on guesses: grid charging is off in this state), unknown load
 * and PV become 0.
 */
function sanitize(input: PlannerInput): PlannerInput {
  const known = input.slots.map((s) => s.importPriceEurPerKWh).filter(Number.isFinite);
  const mean = known.length === 0 ? 0 : known.reduce((a, b) => a + b, 0) / known.length;
  const or = (x: number, d: number): number => (Number.isFinite(x) ? x : d);
  return {
    ...input,
    slots: input.slots.map((s) => {
      const imp = or(s.importPriceEurPerKWh, mean);
      return { ...s, importPriceEurPerKWh: imp, exportPriceEurPerKWh: Math.min(imp, or(s.exportPriceEurPerKWh, 0)), loadW: or(s.loadW, 0), pvW: or(s.pvW, 0) };
    }),
  };
}

type Attempt = { readonly ok: true; readonly result: PlannerResult } | { readonly ok: false; readonly cause: FallbackCause };

function attempt(input: PlannerInput, solver: Solver, options: PlannerOptions): Attempt {
  const model = buildModel(input);
  const out = solver.solve(model.lp, options);
  switch (out.kind) {
    case "infeasible":
      return { ok: false, cause: { kind: "solver_infeasible", solver: solver.name } };
    case "timeout":
      return { ok: false, cause: { kind: "solver_timeout", solver: solver.name, timeLimitMs: options.timeLimitMs } };
    case "error":
      return { ok: false, cause: { kind: "solver_error", solver: solver.name, message: out.message } };
    case "optimal":
    case "feasible": {
      const lpBad = lpViolation(model.lp, out.colValue);
      const decisions = extractDecisions(model, out.colValue);
      const bad = lpBad ?? physicsViolation(input, decisions);
      if (bad !== null) {
        return { ok: false, cause: { kind: "invalid_solution", solver: solver.name, check: bad.check, violation: bad.amount } };
      }
      const reasons: PlanReason[] = [{ kind: "solved", solver: solver.name, status: out.kind, binaries: model.binaries }];
      const plan = assemblePlan(input, decisions, out.kind, reasons, extractStoredValue(model, out.rowDual));
      return { ok: true, result: { kind: "planned", plan, solver: solver.name } };
    }
  }
}

/**
 * The planner (STYLE.md P4): pure, no I/O, no clock. Tries each solver in order; every answer
 * is checked against the LP and the contract physics before use. When all fail or data is
 * missing, the rules plan is returned with the cause as a reason; it never throws for
 * expected failures.
 */
export function optimize(input: PlannerInput, solvers: readonly Solver[]): PlannerResult {
  const options: PlannerOptions = { ...DEFAULT_PLANNER_OPTIONS, ...input.options };
  const missing = missingData(input);
  if (missing !== null) return { kind: "fallback", plan: planByRules(sanitize(input), missing), cause: missing };
  let cause: FallbackCause = { kind: "solver_error", solver: "none", message: "no solver configured" };
  for (const solver of solvers) {
    const a = attempt(input, solver, options);
    if (a.ok) return a.result;
    cause = a.cause;
  }
  return { kind: "fallback", plan: planByRules(input, cause), cause };
}
