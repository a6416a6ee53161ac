/**
 * The planning worker's entry (bundled as dist/plan-worker.mjs): a worker thread that loads
 * HiGHS once, warms it up and answers re-plan requests with the same pure `replan` the
 * service would run in-process. A 48 h MILP with plugs takes 0.1–0.9 s; here it runs beside
 * the event loop that serves the meter, MQTT and HTTP instead of blocking it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import type { Plan, PlannerInput, Solver } from "../domain/index.js";
import { compileHighsWasm, createHighsSolver, createJsLpSolver, replan, warmUpPrograms, type StabilityConfig } from "../planner/index.js";
import { planRequestEnvelope, type PlanResponse, type PlanWorkerData } from "./plan-worker-protocol.js";

interface Loaded {
  readonly solvers: readonly Solver[];
  readonly highsModule: WebAssembly.Module | null;
  readonly compiledHere: boolean;
}

/** HiGHS from the module the service handed over (compiled by an earlier worker), else compiled here. */
async function solvers(): Promise<Loaded> {
  const given = (workerData as Partial<PlanWorkerData> | null)?.highsModule;
  const handed = given instanceof WebAssembly.Module ? given : null;
  try {
    const highsModule = handed ?? (await compileHighsWasm());
    return { solvers: [await createHighsSolver(warmUpPrograms(24), highsModule), createJsLpSolver()], highsModule, compiledHere: handed === null };
  } catch {
    // The service logs the missing HiGHS from the `ready` list; planning goes on with the second solver.
    return { solvers: [createJsLpSolver()], highsModule: null, compiledHere: false };
  }
}

async function serve(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("plan-worker-main must run as a worker thread");
  const loaded = await solvers();
  const ready = loaded.solvers;
  port.on("message", (raw: unknown) => {
    const parsed = planRequestEnvelope.safeParse(raw);
    if (!parsed.success) {
      const id = typeof raw === "object" && raw !== null && "id" in raw && typeof raw.id === "number" ? raw.id : -1;
      port.postMessage({ id, ok: false, error: `bad request: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` });
      return;
    }
    // The envelope is checked; the structured clone carries the rest as the service built it.
    const req = raw as { id: number; input: PlannerInput; running: Plan | null; stability: StabilityConfig };
    const t0 = performance.now();
    let answer: PlanResponse;
    try {
      const result = replan(req.input, ready, req.running, req.stability);
      // In a worker, `external` is this isolate's: the wasm memory HiGHS grew to.
      answer = { id: req.id, ok: true, result, solveMs: performance.now() - t0, wasmBytes: process.memoryUsage().external };
    } catch (err) {
      answer = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(answer);
  });
  port.postMessage({ id: 0, ok: true, ready: ready.map((s) => s.name), highsModule: loaded.highsModule, compiledHere: loaded.compiledHere } satisfies PlanResponse);
}

void serve();
