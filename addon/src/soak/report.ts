import type { SoakResult } from "./soak.js";
import type { DaySample } from "./sampler.js";

/** The soak's printed table and verdicts (plain text, one row per simulated day). */

const HEADER = ["day", "wall s", "CPU s", "RSS MiB", "RSS max", "heap MiB", "lag p50 ms", "lag p99 ms", "lag max ms", "handles", "recycles"] as const;

function mib(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

export function dayRow(s: DaySample): readonly string[] {
  return [String(s.day), (s.wallMs / 1000).toFixed(1), (s.cpuMs / 1000).toFixed(1), mib(s.rssBytes), mib(s.rssMaxBytes), mib(s.heapUsedBytes), s.lagP50Ms.toFixed(1), s.lagP99Ms.toFixed(1), s.lagMaxMs.toFixed(1), String(s.handles), s.workerRecycles === undefined ? "-" : String(s.workerRecycles)];
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => c.padStart(widths[i] ?? c.length)).join("  ");
}

/** Right-aligned table of the daily samples. */
export function formatTable(samples: readonly DaySample[]): string {
  const rows = samples.map(dayRow);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  return [pad(HEADER, widths), ...rows.map((r) => pad(r, widths))].join("\n");
}

/** Table, run figures and one line per verdict (PASS/FAIL). */
export function formatReport(r: SoakResult): string {
  const last = r.samples[r.samples.length - 1];
  const kinds = last === undefined ? "" : Object.entries(last.handleKinds).map(([k, n]) => `${k} ${n}`).join(", ");
  const counters = Object.entries(r.counters).map(([k, n]) => `${k} ${n}`).join(", ");
  return [
    formatTable(r.samples),
    "",
    `simulated days: ${r.samples.length} (warm-up ${r.warmupDays}), wall time ${(r.wallMs / 1000).toFixed(1)} s`,
    `event-loop lag after warm-up: p50 ${r.runLag.p50Ms} ms, p99 ${r.runLag.p99Ms} ms, max ${r.runLag.maxMs} ms`,
    `open handles at the end: ${kinds}`,
    `service counters: ${counters}`,
    `log: ${r.warnings} warnings, ${r.errors} errors`,
    ...r.verdicts.map((v) => `${v.pass ? "PASS" : "FAIL"} ${v.name}: ${v.detail}`),
  ].join("\n");
}
