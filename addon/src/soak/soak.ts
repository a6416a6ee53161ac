import type { Config } from "../config/index.js";
import type { Clock, Logger, Scheduler } from "../domain/index.js";
import { createClockDriver } from "./driver.js";
import { startSimulatedRun } from "./simulated-run.js";
import { startProcessSampler, type DaySample } from "./sampler.js";
import { DEFAULT_SOAK_LIMITS, effectiveWarmup, soakVerdicts, type SoakLimits, type Verdict } from "./verdicts.js";

/**
 * `sunshift soak`: the simulated home and the full service in one process for N simulated
 * days at an accelerated clock, sampling memory, event-loop lag and open handles once per
 * simulated day (issue 8 §4).
 */
export interface SoakOptions {
  readonly days: number;
  /** Upper bound of home seconds per wall second (the run goes as fast as the process allows). */
  readonly speed: number;
  readonly startAt: string;
  readonly dataDir: string;
  readonly seriesDir?: URL;
  readonly tickMs?: number;
  readonly limits?: SoakLimits;
  /** Options other than the simulated home's defaults (the smoke test plans without plugs). */
  readonly config?: Config;
  readonly version: string;
  /** Receives the service's log lines (warnings and errors are also counted). */
  readonly logger: Logger;
  readonly wallClock: Clock;
  readonly wallScheduler: Scheduler;
  /** The bundled planning worker (as the add-on plans); default: plans solved in this thread. */
  readonly planWorker?: URL;
  /** Called after each simulated day with its sample. */
  readonly onDay?: (sample: DaySample) => void;
}

export interface SoakResult {
  readonly samples: readonly DaySample[];
  readonly verdicts: readonly Verdict[];
  readonly runLag: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };
  readonly wallMs: number;
  readonly warmupDays: number;
  /** The service's status-board counters at the end (plans, decisions, service_calls, …). */
  readonly counters: Readonly<Record<string, number>>;
  readonly warnings: number;
  readonly errors: number;
}

const MS_PER_DAY = 86_400_000;
/** Default home time per driver step (the meter cadence): no reading looks stale by the stepping. */
const STEP_MS = 1000;

/** A logger that forwards everything and counts warnings and errors. */
function countingLogger(inner: Logger): { logger: Logger; counts: { warnings: number; errors: number } } {
  const counts = { warnings: 0, errors: 0 };
  return {
    counts,
    logger: {
      debug: (m, f) => {
        inner.debug(m, f);
      },
      info: (m, f) => {
        inner.info(m, f);
      },
      warn: (m, f) => {
        counts.warnings++;
        inner.warn(m, f);
      },
      error: (m, f) => {
        counts.errors++;
        inner.error(m, f);
      },
    },
  };
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const limits = o.limits ?? DEFAULT_SOAK_LIMITS;
  const { logger, counts } = countingLogger(o.logger);
  const wallStart = o.wallClock.nowMs();
  const sampler = startProcessSampler();
  const run = await startSimulatedRun({ ...o, speed: "manual", logger, wallScheduler: o.wallScheduler });
  const driver = createClockDriver(run.sim, { stepMs: o.tickMs ?? STEP_MS, maxSpeed: o.speed, wallClock: o.wallClock, wallScheduler: o.wallScheduler });
  const warmupDays = effectiveWarmup(o.days, limits);
  const samples: DaySample[] = [];
  const startMs = run.sim.clock.nowMs();
  try {
    for (let day = 1; day <= o.days; day++) {
      for (let hour = 1; hour <= 24; hour++) {
        await driver.runUntil(startMs + (day - 1) * MS_PER_DAY + hour * (MS_PER_DAY / 24));
        if (hour < 24) sampler.noteMemory();
      }
      const recycles = run.service.board.snapshot(run.sim.clock.nowMs()).counters["plan_worker_recycled"] ?? 0;
      const sample = { ...sampler.sampleDay(day, o.wallClock.nowMs() - wallStart), workerRecycles: recycles };
      samples.push(sample);
      if (day === warmupDays) sampler.resetRunLag();
      o.onDay?.(sample);
    }
  } finally {
    sampler.stop();
  }
  const runLag = sampler.runLag();
  const counters = run.service.board.snapshot(run.sim.clock.nowMs()).counters;
  await run.stop();
  return {
    samples,
    verdicts: soakVerdicts(samples, runLag.p99Ms, limits),
    runLag,
    wallMs: o.wallClock.nowMs() - wallStart,
    warmupDays,
    counters,
    warnings: counts.warnings,
    errors: counts.errors,
  };
}
