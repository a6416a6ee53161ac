import { z } from "zod";
import type { Plan, PlannerInput } from "../domain/index.js";
import type { ReplanResult, StabilityConfig } from "../planner/index.js";

/**
 * The messages between the service and its planning worker (worker_threads, structured clone).
 * Both sides are this project's code, so the plan itself is not re-validated field by field;
 * the envelope is, so that a crashed or confused worker is reported as such and never taken
 * for a plan.
 */
export interface PlanRequest {
  readonly id: number;
  readonly input: PlannerInput;
  readonly running: Plan | null;
  readonly stability: StabilityConfig;
}

export type PlanResponse =
  /** `wasmBytes`: the worker's memory outside its JS heap (HiGHS' WebAssembly memory, which never shrinks). */
  | { readonly id: number; readonly ok: true; readonly result: ReplanResult; readonly solveMs: number; readonly wasmBytes: number }
  | { readonly id: number; readonly ok: false; readonly error: string }
  /**
   * Sent once the solvers are loaded and warmed up; `ready` names them in order. `highsModule`:
   * the compiled HiGHS the worker runs, for the next worker to instantiate without compiling;
   * `compiledHere`: whether this worker compiled it (false: it was handed one).
   */
  | { readonly id: 0; readonly ok: true; readonly ready: readonly string[]; readonly highsModule: WebAssembly.Module | null; readonly compiledHere: boolean };

/** What the service hands a new worker (`workerData`). */
export interface PlanWorkerData {
  readonly highsModule: WebAssembly.Module | null;
}

export const planResponseEnvelope = z.union([
  z.object({ id: z.literal(0), ok: z.literal(true), ready: z.array(z.string()), highsModule: z.instanceof(WebAssembly.Module).nullable(), compiledHere: z.boolean() }),
  z.object({ id: z.number().int().positive(), ok: z.literal(true), result: z.object({ plan: z.object({ status: z.string(), slots: z.array(z.unknown()) }).loose(), decision: z.string() }).loose(), solveMs: z.number(), wasmBytes: z.number() }),
  z.object({ id: z.number().int().positive(), ok: z.literal(false), error: z.string() }),
]);

export const planRequestEnvelope = z.object({
  id: z.number().int().positive(),
  input: z.object({ nowMs: z.number(), slots: z.array(z.unknown()) }).loose(),
  running: z.object({ slots: z.array(z.unknown()) }).loose().nullable(),
  stability: z.object({ marginEur: z.number(), stickySlots: z.number(), socTolerancePct: z.number(), minCoverage: z.number() }),
});
