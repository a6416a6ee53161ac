import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import highsModule, { type Highs, type ModelData } from "highs";
import type { LinearProgram, SolveOptions, SolveOutcome, Solver } from "../../domain/index.js";

/**
 * The default solver: HiGHS compiled to WebAssembly (npm `highs`, MIT). The wasm is loaded once
 * per process and shared; every model is created, solved and disposed inside one call because
 * wasm memory is not garbage-collected (OPTIMIZATION.md §4.2).
 */
let runtime: Promise<Highs> | undefined;

/** The loader's options as far as we use them (the emscripten hook is not in the package's typings). */
interface LoaderOptions {
  /** Emscripten's hook: instantiate the module ourselves with its imports, then hand the instance over. */
  readonly instantiateWasm?: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) => object;
}
type Loader = (options?: LoaderOptions) => Promise<Highs>;

/**
 * The package is CommonJS with an ESM build: under NodeNext the typings see the CJS namespace,
 * while Node's ESM loader hands us the function itself. Accept both shapes.
 */
function loader(): Loader {
  const mod: unknown = highsModule;
  if (typeof mod === "function") return mod as Loader;
  return (mod as { readonly default: Loader }).default;
}

/**
 * Compiles highs.wasm (3.5 MB) to a module that can be instantiated again without compiling:
 * a WebAssembly.Module can be posted to another worker thread, which then shares its machine
 * code (planning workers are recycled; each would otherwise compile HiGHS afresh).
 */
export async function compileHighsWasm(): Promise<WebAssembly.Module> {
  const path = createRequire(import.meta.url).resolve("highs/runtime");
  return WebAssembly.compile(await readFile(path));
}

/** HiGHS instantiated from an already compiled module (emscripten's `instantiateWasm` hook). */
function fromModule(compiled: WebAssembly.Module): Promise<Highs> {
  return new Promise<Highs>((resolve, reject) => {
    const instantiateWasm = (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void): object => {
      // A failed instantiation rejects here: the loader itself would wait for `done` for ever.
      WebAssembly.instantiate(compiled, imports).then(done, reject);
      return {};
    };
    loader()({ instantiateWasm }).then(resolve, reject);
  });
}

/** Loads the HiGHS runtime once per process, from `compiled` when given (else it compiles its file). */
export function loadHighsOnce(compiled?: WebAssembly.Module): Promise<Highs> {
  runtime ??= compiled === undefined ? loader()() : fromModule(compiled);
  return runtime;
}

/** Creates the long-lived solver; `warmUp` (a small LP and MILP) moves the wasm off its cold tier. */
export async function createHighsSolver(warmUp?: readonly LinearProgram[], compiled?: WebAssembly.Module): Promise<Solver> {
  const highs = await loadHighsOnce(compiled);
  const solver = { name: "highs", solve: (lp: LinearProgram, o: SolveOptions) => solveWith(highs, lp, o) } satisfies Solver;
  for (const lp of warmUp ?? []) solver.solve(lp, { timeLimitMs: 10_000, mipRelGap: 0 });
  return solver;
}

function toModelData(highs: Highs, lp: LinearProgram): ModelData {
  const inf = highs.infinity;
  const fin = (a: Float64Array): Float64Array => a.map((x) => (x === Infinity ? inf : x === -Infinity ? -inf : x));
  const hasInt = lp.isInteger.some((x) => x === 1);
  return {
    numCols: lp.numCols,
    numRows: lp.numRows,
    offset: lp.offset,
    colCost: lp.colCost,
    colLower: fin(lp.colLower),
    colUpper: fin(lp.colUpper),
    rowLower: fin(lp.rowLower),
    rowUpper: fin(lp.rowUpper),
    matrix: {
      format: "csr",
      numRows: lp.numRows,
      numCols: lp.numCols,
      starts: lp.rowStarts,
      indices: lp.rowIndices,
      values: lp.rowValues,
    },
    ...(hasInt ? { integrality: Int32Array.from(lp.isInteger) } : {}),
  };
}

function solveWith(highs: Highs, lp: LinearProgram, options: SolveOptions): SolveOutcome {
  const status = highs.constants.modelStatus;
  const hasInt = lp.isInteger.some((x) => x === 1);
  let model: ReturnType<Highs["createModel"]> | undefined;
  try {
    model = highs.createModel(toModelData(highs, lp));
    model.options.set({
      output_flag: false,
      time_limit: options.timeLimitMs / 1000,
      mip_rel_gap: options.mipRelGap,
    });
    const run = model.run();
    const code = run.modelStatus;
    if (code === status.infeasible || code === status.unboundedOrInfeasible) return { kind: "infeasible" };
    const feasible = Number(model.info.get("primal_solution_status")) === 2;
    if (code === status.timeLimit || code === status.interrupted || code === status.iterationLimit) {
      if (!feasible) return { kind: "timeout" };
    } else if (code !== status.optimal) {
      return { kind: "error", message: `HiGHS model status ${code}` };
    }
    const sol = model.getSolution();
    return {
      kind: code === status.optimal ? "optimal" : "feasible",
      colValue: sol.colValue,
      rowDual: hasInt ? null : sol.rowDual,
      objective: model.getObjectiveValue(),
    };
  } catch (err) {
    return { kind: "error", message: err instanceof Error ? err.message : String(err) };
  } finally {
    model?.dispose();
  }
}
