import jsLpModule, { type Model, type ConstraintBound, type VariableCoefficients } from "javascript-lp-solver";
import type { LinearProgram, SolveOptions, SolveOutcome, Solver } from "../../domain/index.js";

/** Size limits beyond which the dense-tableau solver is not even tried (OPTIMIZATION.md §4.1). */
export interface JsLpLimits {
  readonly maxCols: number;
  readonly maxIntegers: number;
}

/** Converts the CSR LP into jsLPSolver's JSON model; bounds become rows (it has no column bounds). */
export function toJsLpModel(lp: LinearProgram, timeLimitMs: number, mipRelGap: number): Model {
  const variables: Record<string, VariableCoefficients> = {};
  const constraints: Record<string, ConstraintBound> = {};
  const binaries: Record<string, 1> = {};
  const ints: Record<string, 1> = {};
  addColumns(lp, variables, constraints, binaries, ints);
  addRows(lp, variables, constraints);
  return { optimize: "cost", opType: "min", constraints, variables, binaries, ints, options: { timeout: timeLimitMs, tolerance: mipRelGap } };
}

function addColumns(
  lp: LinearProgram,
  variables: Record<string, VariableCoefficients>,
  constraints: Record<string, ConstraintBound>,
  binaries: Record<string, 1>,
  ints: Record<string, 1>,
): void {
  for (let j = 0; j < lp.numCols; j++) {
    const name = `x${j}`;
    const v: VariableCoefficients = { cost: lp.colCost[j] ?? 0 };
    const lo = lp.colLower[j] ?? 0;
    const hi = lp.colUpper[j] ?? Infinity;
    if (lo === hi) {
      constraints[`f${j}`] = { equal: lo };
      v[`f${j}`] = 1;
    } else {
      if (Number.isFinite(hi)) {
        constraints[`u${j}`] = { max: hi };
        v[`u${j}`] = 1;
      }
      if (lo > 0) {
        constraints[`l${j}`] = { min: lo };
        v[`l${j}`] = 1;
      }
    }
    if (lp.isInteger[j] === 1) {
      if (lo >= 0 && hi <= 1) binaries[name] = 1;
      else ints[name] = 1;
    }
    variables[name] = v;
  }
}

function addRows(lp: LinearProgram, variables: Record<string, VariableCoefficients>, constraints: Record<string, ConstraintBound>): void {
  for (let i = 0; i < lp.numRows; i++) {
    const lo = lp.rowLower[i] ?? -Infinity;
    const hi = lp.rowUpper[i] ?? Infinity;
    const bound: ConstraintBound = lo === hi ? { equal: lo } : { ...(Number.isFinite(lo) ? { min: lo } : {}), ...(Number.isFinite(hi) ? { max: hi } : {}) };
    constraints[`r${i}`] = bound;
    for (let k = lp.rowStarts[i] ?? 0; k < (lp.rowStarts[i + 1] ?? 0); k++) {
      const v = variables[`x${lp.rowIndices[k] ?? 0}`];
      if (v !== undefined) v[`r${i}`] = lp.rowValues[k] ?? 0;
    }
  }
}

interface JsLpAnswer {
  readonly feasible: boolean;
  readonly result: number;
  readonly bounded?: boolean;
  readonly isIntegral?: boolean;
  readonly [name: string]: number | boolean | undefined;
}

type SolveFn = (model: Model) => unknown;

/** CJS typings vs the ESM runtime (same situation as `highs`): accept both shapes. */
function solveFn(): SolveFn {
  const mod = jsLpModule as unknown as { readonly Solve?: SolveFn; readonly default?: { readonly Solve: SolveFn } };
  const api = mod.Solve === undefined ? mod.default : mod;
  if (api?.Solve === undefined) throw new Error("javascript-lp-solver: Solve not found");
  return (model) => api.Solve?.(model);
}

function isAnswer(x: unknown): x is JsLpAnswer {
  return typeof x === "object" && x !== null && "feasible" in x && "result" in x;
}

/** Monotonic milliseconds, injected (time is an input); used only to tell a timeout from an optimum. */
export type ElapsedTimer = () => number;

function solve(lp: LinearProgram, o: SolveOptions, limits: JsLpLimits, timer: ElapsedTimer | undefined): SolveOutcome {
  const integers = lp.isInteger.reduce((a, b) => a + b, 0);
  if (lp.numCols > limits.maxCols || integers > limits.maxIntegers) {
    return { kind: "error", message: `model too large for javascript-lp-solver (${lp.numCols} columns, ${integers} integers)` };
  }
  const t0 = timer?.() ?? 0;
  const answer: unknown = solveFn()(toJsLpModel(lp, o.timeLimitMs, o.mipRelGap));
  const elapsedMs = timer === undefined ? Infinity : timer() - t0;
  if (!isAnswer(answer)) return { kind: "error", message: "unexpected javascript-lp-solver answer" };
  if (!answer.feasible) return { kind: "infeasible" };
  if (answer.bounded === false) return { kind: "error", message: "unbounded" };
  // After a MIP timeout it reports `feasible` with fractional binaries: never trust that.
  if (integers > 0 && answer.isIntegral !== true) return { kind: "timeout" };
  const colValue = new Float64Array(lp.numCols);
  for (let j = 0; j < lp.numCols; j++) {
    const v = answer[`x${j}`];
    colValue[j] = typeof v === "number" ? v : 0;
  }
  // Branch and bound stops silently at the time limit with its incumbent: without a timer, or
  // when the limit was reached, an integral answer is only "feasible" (optimality not proven).
  const proven = integers === 0 || elapsedMs < o.timeLimitMs * 0.95;
  return { kind: proven ? "optimal" : "feasible", colValue, rowDual: null, objective: answer.result + lp.offset };
}

/**
 * javascript-lp-solver behind the Solver port: for small LPs and as a fallback. Its answers are
 * re-checked by the planner (LP rows, bounds, integrality, contract physics) before use.
 */
export function createJsLpSolver(limits: JsLpLimits = { maxCols: 2000, maxIntegers: 100 }, timer?: ElapsedTimer): Solver {
  return { name: "javascript-lp-solver", solve: (lp, o) => solve(lp, o, limits, timer) };
}
