import type { Sample, SeriesKey } from "../domain/history.js";
import type { Plan, PlannerSlotInput } from "../domain/plan.js";
import type { EpochMs } from "../domain/time.js";
import { createInfluxExporter, type ExporterStats, type FlushResult, type InfluxExporter, type InfluxExporterOptions } from "./exporter.js";
import { decisionPoints, planPoints, readingPoints, type SentCommandCall } from "./mapping.js";

/**
 * The export as the service uses it: one call per event (readings ingested, plan made, commands
 * sent), the mapping to points and the thinning of readings in one place.
 */
export interface SiteExport {
  /** History samples of one ingest (devices/ingest.ts); at most one per series per interval is exported. */
  readings(samples: readonly Sample[]): void;
  /** A new plan with the slot inputs it was made from. */
  plan(plan: Plan, inputs: readonly PlannerSlotInput[]): void;
  /** The calls the executor sent at `atMs` (the fast loop's `sent` event). */
  decisions(calls: readonly SentCommandCall[], atMs: EpochMs): void;
  flush(): Promise<FlushResult>;
  stats(): ExporterStats;
  stop(): Promise<void>;
}

/**
 * Keeps the first sample of each series in each `intervalMs` bucket (buckets aligned to the
 * epoch, so points land on a regular grid whatever the ingest rate). 0 keeps every sample.
 * HA entities may change several times a second; InfluxDB and the spool need far less.
 */
export function readingThinner(intervalMs: number): (samples: readonly Sample[]) => Sample[] {
  const lastBucket = new Map<SeriesKey, number>();
  return (samples) => {
    if (intervalMs <= 0) return [...samples];
    const out: Sample[] = [];
    for (const s of samples) {
      const bucket = Math.floor(s.atMs / intervalMs);
      if (lastBucket.get(s.series) === bucket) continue;
      lastBucket.set(s.series, bucket);
      out.push(s);
    }
    return out;
  };
}

/** The export the options ask for (a no-op when `influxdb.enabled` is false). */
export function createSiteExport(opts: InfluxExporterOptions): SiteExport {
  const exporter: InfluxExporter = createInfluxExporter(opts);
  const thin = readingThinner(opts.config.readingsIntervalMs);
  return {
    readings: (samples) => {
      exporter.push(readingPoints(thin(samples)));
    },
    plan: (plan, inputs) => {
      exporter.push(planPoints(plan, inputs));
    },
    decisions: (calls, atMs) => {
      exporter.push(decisionPoints(calls, atMs));
    },
    flush: () => exporter.flush(),
    stats: () => exporter.stats(),
    stop: () => exporter.stop(),
  };
}
