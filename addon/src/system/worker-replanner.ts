import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Logger, Plan, PlannerInput } from "../domain/index.js";
import type { ReplanResult, StabilityConfig } from "../planner/index.js";
import { planResponseEnvelope, type PlanRequest, type PlanWorkerData } from "./plan-worker-protocol.js";
import { distDir } from "./paths.js";

/**
 * Re-planning in a worker thread (dist/plan-worker.mjs). The solve is pure CPU for 0.1–0.9 s;
 * in the service's own thread it would hold up the meter, the fast loop, MQTT and HTTP for
 * that long. A worker that crashes, exits or overruns `timeoutMs` fails the pending request
 * with a clear error (the caller falls back) and is started afresh for the next one.
 */
export interface WorkerReplanner {
  replan(input: PlannerInput, running: Plan | null, stability: StabilityConfig): Promise<ReplanResult>;
  /** Ends the worker; pending and later requests fail. */
  close(): Promise<void>;
  /** True once `close` was called (a failure then is the shutdown, not the worker). */
  isClosed(): boolean;
}

export interface WorkerReplannerOptions {
  /** The bundled worker entry (plan-worker.mjs). */
  readonly file: URL;
  readonly logger: Logger;
  /** Wall time a request may take, including a fresh worker's HiGHS load and warm-up, ms. */
  readonly timeoutMs: number;
  /**
   * A worker whose memory outside its JS heap grew by more than this since its first answer is
   * ended after the answer and started afresh for the next request: WebAssembly memory only
   * grows (a hard MIP raises the high-water mark for good), so recycling bounds it. Default
   * 16 MiB: every MiB kept is resident (in the 30-day soak, 64 MiB swung RSS by about ±10 %),
   * and since later workers share the first one's compiled HiGHS a recycle costs a worker start
   * and warm-up off the main thread (ready in ~0.1 s; `npm run bench -- --only worker`).
   */
  readonly recycleGrowthBytes?: number;
  /** Told each time a worker is recycled (the service counts it for /metrics). */
  readonly onRecycle?: (wasmBytes: number) => void;
  /** Told when a worker has loaded its solvers; `compiledHere` false: it used the shared HiGHS. */
  readonly onReady?: (w: { readonly compiledHere: boolean }) => void;
}

/** dist/plan-worker.mjs when it was built, else null (the service then plans in its own thread). */
export function bundledPlanWorker(): URL | null {
  const url = new URL("plan-worker.mjs", distDir());
  return existsSync(fileURLToPath(url)) ? url : null;
}

interface Pending {
  readonly resolve: (r: ReplanResult) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export function startWorkerReplanner(o: WorkerReplannerOptions): WorkerReplanner {
  return new WorkerReplannerImpl(o);
}

class WorkerReplannerImpl implements WorkerReplanner {
  private worker: Worker | null = null;
  /** The current worker's wasm memory at its first answer, bytes. */
  private baseWasmBytes: number | null = null;
  /** HiGHS as the first worker compiled it; handed to every later worker. */
  private highsModule: WebAssembly.Module | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  constructor(private readonly o: WorkerReplannerOptions) {}

  replan(input: PlannerInput, running: Plan | null, stability: StabilityConfig): Promise<ReplanResult> {
    if (this.closed) return Promise.reject(new Error("planning worker closed"));
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise<ReplanResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(worker, `planning worker did not answer within ${Math.round(this.o.timeoutMs / 1000)} s; restarted`);
        void worker.terminate();
      }, this.o.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        worker.postMessage({ id, input, running, stability } satisfies PlanRequest);
      } catch (err) {
        // A value that cannot be cloned: a bug in the caller, reported as this request's failure.
        this.settle(id, new Error(`planning request could not be sent: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  }

  isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    if (w !== null) this.fail(w, "planning worker closed");
    await w?.terminate();
  }

  private spawn(): Worker {
    const w = new Worker(this.o.file, { workerData: { highsModule: this.highsModule } satisfies PlanWorkerData });
    w.on("message", (m: unknown) => {
      this.onMessage(m);
    });
    w.on("error", (err) => {
      this.fail(w, `planning worker failed: ${err.message}`);
    });
    w.on("exit", (code) => {
      this.fail(w, `planning worker exited with code ${code}`);
    });
    return w;
  }

  private onMessage(raw: unknown): void {
    const m = planResponseEnvelope.safeParse(raw);
    if (!m.success) {
      this.o.logger.warn("planning worker sent a message that is not an answer", { error: m.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
      return;
    }
    const msg = m.data;
    if ("ready" in msg) {
      if (!msg.ready.includes("highs")) this.o.logger.error("HiGHS could not be loaded in the planning worker; planning with javascript-lp-solver only");
      // Kept for the next worker: it instantiates HiGHS without compiling it again.
      this.highsModule ??= msg.highsModule;
      this.o.logger.debug("planning worker ready", { solvers: msg.ready.join(","), compiledHere: msg.compiledHere });
      this.o.onReady?.({ compiledHere: msg.compiledHere });
      return;
    }
    // The envelope is checked; the plan inside is the worker's `replan` result, cloned.
    if (msg.ok) {
      this.settle(msg.id, null, (raw as { result: ReplanResult }).result);
      this.maybeRecycle(msg.wasmBytes);
    } else this.settle(msg.id, new Error(`planning worker: ${msg.error}`));
  }

  /** Ends the worker once idle when its wasm memory grew past the limit; the next request starts a new one. */
  private maybeRecycle(wasmBytes: number): void {
    this.baseWasmBytes ??= wasmBytes;
    const w = this.worker;
    if (w === null || this.pending.size > 0 || wasmBytes - this.baseWasmBytes <= (this.o.recycleGrowthBytes ?? 16 * 1_048_576)) return;
    this.worker = null;
    this.baseWasmBytes = null;
    this.o.logger.info("planning worker recycled", { wasmMiB: Math.round(wasmBytes / 1_048_576) });
    this.o.onRecycle?.(wasmBytes);
    void w.terminate();
  }

  private settle(id: number, err: Error | null, result?: ReplanResult): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (err === null && result !== undefined) p.resolve(result);
    else p.reject(err ?? new Error("planning worker answered without a result"));
  }

  /** Fails every pending request of `w` (if it is still the current worker) and forgets it. */
  private fail(w: Worker, message: string): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.baseWasmBytes = null;
    if (!this.closed) this.o.logger.warn(message);
    for (const id of [...this.pending.keys()]) this.settle(id, new Error(message));
  }
}
