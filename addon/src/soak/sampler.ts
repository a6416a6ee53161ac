import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

/**
 * Process figures the soak records once per simulated day: memory, event-loop lag over the
 * day, and the open handles (timers, sockets, …) as Node lists them.
 */
export interface DaySample {
  /** 1-based simulated day that just ended. */
  readonly day: number;
  /** Wall time since the start of the run, ms. */
  readonly wallMs: number;
  /** CPU time (user + system) this process used during the day, ms: on a shared machine it
   * tells a slower Sunshift from a starved one. */
  readonly cpuMs: number;
  /** Median of the day's hourly RSS readings: one reading lands anywhere in a GC cycle. */
  readonly rssBytes: number;
  /** Highest of them. */
  readonly rssMaxBytes: number;
  readonly heapUsedBytes: number;
  /** Event-loop delay over this day, ms. */
  readonly lagP50Ms: number;
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
  /** process.getActiveResourcesInfo().length at the end of the day. */
  readonly handles: number;
  /** The same by kind ("Timeout": 7, "TCPSocketWrap": 3, …). */
  readonly handleKinds: Readonly<Record<string, number>>;
  /**
   * Planning workers recycled (ended for wasm growth and started afresh) so far in the run; the
   * soak fills it in from the service's counter: a fresh worker is a new isolate and wasm memory.
   */
  readonly workerRecycles?: number;
}

export interface ProcessSampler {
  /** One RSS reading (the soak takes one per simulated hour). */
  noteMemory(): void;
  /** Reads the figures of the day that ended and starts the next day's lag histogram. */
  sampleDay(day: number, wallMs: number): DaySample;
  /** Restarts the whole-run lag histogram (at the end of the warm-up). */
  resetRunLag(): void;
  /** Lag over the run since the last `resetRunLag`, ms. */
  runLag(): { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };
  stop(): void;
}

const NS_PER_MS = 1e6;

/**
 * Lag in ms: the histogram holds the time between two firings of its `resolutionMs` timer, so
 * the resolution itself is taken off. An empty histogram (NaN/0) counts as no lag.
 */
function lagMs(h: IntervalHistogram, percentile: number | "max", resolutionMs: number): number {
  const ns = percentile === "max" ? h.max : h.percentile(percentile);
  return Number.isFinite(ns) ? Math.max(0, Math.round((ns / NS_PER_MS - resolutionMs) * 10) / 10) : 0;
}

/** Counts of each resource kind in a `getActiveResourcesInfo()` list. */
export function countKinds(kinds: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of kinds) out[k] = (out[k] ?? 0) + 1;
  return out;
}

/** Starts sampling this process; `resolutionMs` is the lag timer's period. */
export function startProcessSampler(resolutionMs = 10): ProcessSampler {
  const ms = (h: IntervalHistogram, p: number | "max"): number => lagMs(h, p, resolutionMs);
  const day = monitorEventLoopDelay({ resolution: resolutionMs });
  let cpuAt = process.cpuUsage();
  const run = monitorEventLoopDelay({ resolution: resolutionMs });
  day.enable();
  run.enable();
  let rss: number[] = [];
  return {
    noteMemory() {
      rss.push(process.memoryUsage().rss);
    },
    sampleDay(n, wallMs) {
      const mem = process.memoryUsage();
      const readings = [...rss, mem.rss].sort((a, b) => a - b);
      rss = [];
      const kinds = process.getActiveResourcesInfo();
      const cpu = process.cpuUsage(cpuAt);
      cpuAt = process.cpuUsage();
      const sample: DaySample = {
        day: n,
        wallMs,
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        rssBytes: readings[Math.floor(readings.length / 2)] ?? mem.rss,
        rssMaxBytes: readings[readings.length - 1] ?? mem.rss,
        heapUsedBytes: mem.heapUsed,
        lagP50Ms: ms(day, 50),
        lagP99Ms: ms(day, 99),
        lagMaxMs: ms(day, "max"),
        handles: kinds.length,
        handleKinds: countKinds(kinds),
      };
      day.reset();
      return sample;
    },
    resetRunLag() {
      run.reset();
    },
    runLag: () => ({ p50Ms: ms(run, 50), p99Ms: ms(run, 99), maxMs: ms(run, "max") }),
    stop() {
      day.disable();
      run.disable();
    },
  };
}
