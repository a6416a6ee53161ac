/**
 * The planning worker's entry (bundled as dist/plan-worker.mjs): a worker thread that loads
 * HiGHS once, warms it up and answers re-plan requests with the same pure `replan` the
 * service would run in-process. A 48 h MILP with plugs takes 0.1–0.9 s; here it runs beside
 * the event loop that serves the meter, MQTT and HTTP instead of blocking it.
 */
import { parentPort } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import type { Plan, PlannerInput, Solver } from "../domain/index.js";
import { createHighsSolver, createJsLpSolver, replan, warmUpPrograms, type StabilityConfig } from "../planner/index.js";
import { planRequestEnvelope, type PlanResponse } from "./plan-worker-protocol.js";

async function solvers(): Promise<readonly Solver[]> {
  try {
    return [await createHighsSolver(warmUpPrograms(24)), createJsLpSolver()];
  } catch {
    // The service logs the missing HiGHS from the `ready` list; planning goes on with the second solver.
    return [createJsLpSolver()];
  }
}

async function serve(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("plan-worker-main must run as a worker thread");
  const ready = await solvers();
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
  port.postMessage({ id: 0, ok: true, ready: ready.map((s) => s.name) } satisfies PlanResponse);
}

void serve();
