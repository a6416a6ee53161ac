import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pkg from "../../../package.json" with { type: "json" };
import { runSoak } from "../soak/soak.js";
import { formatReport, formatTable } from "../soak/report.js";
import { systemClock, systemScheduler } from "../system/clock.js";
import { bundledPlanWorker } from "../system/worker-replanner.js";
import { createLogger } from "../system/logger.js";

/**
 * `sunshift soak [--days 30] [--speed N]`: the simulated home and the full service for N
 * simulated days at an accelerated clock; prints one row per day, then the verdicts. Exit 0
 * when every verdict passes, 1 otherwise, 2 on bad arguments.
 */
interface SoakArgs {
  readonly days: number;
  readonly speed: number;
  readonly start: string;
  readonly tickMs: number;
}

function parseSoakArgs(argv: readonly string[]): SoakArgs | string {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      days: { type: "string", default: "30" },
      speed: { type: "string", default: "2000" },
      start: { type: "string", default: "2024-05-01T00:00:00Z" },
      "tick-ms": { type: "string", default: "2000" },
    },
  });
  const days = Number(values.days);
  const speed = Number(values.speed);
  const tickMs = Number(values["tick-ms"]);
  if (!Number.isInteger(days) || days < 1 || days > 365) return "--days must be a whole number from 1 to 365";
  if (!(speed > 0 && speed <= 20_000)) return "--speed must be a number in (0, 20000]";
  if (!Number.isInteger(tickMs) || tickMs < 250 || tickMs > 10_000) return "--tick-ms must be a whole number from 250 to 10000";
  if (Number.isNaN(Date.parse(values.start))) return "--start must be an ISO 8601 time like 2024-05-01T00:00:00Z";
  return { days, speed, start: values.start, tickMs };
}

/** Which malloc this process runs with: RSS over a long run depends on it (README, reliability). */
function allocatorName(): string {
  try {
    if (!readFileSync("/proc/self/maps", "utf8").includes("libjemalloc")) return "the C library's malloc";
    const conf = process.env["MALLOC_CONF"];
    return conf === undefined || conf === "" ? "jemalloc" : `jemalloc, MALLOC_CONF=${conf}`;
  } catch {
    return "unknown allocator";
  }
}

export async function runSoakCommand(argv: readonly string[]): Promise<number> {
  let args: SoakArgs | string;
  try {
    args = parseSoakArgs(argv);
  } catch (err) {
    args = err instanceof Error ? err.message : String(err);
  }
  if (typeof args === "string") {
    process.stderr.write(`sunshift soak: ${args}\n`);
    return 2;
  }
  const dataDir = mkdtempSync(join(tmpdir(), "sunshift-soak-"));
  // Warnings and errors of the service go to stderr (stamped in wall time); the table to stdout.
  const logger = createLogger({ level: "warning", clock: systemClock, write: (l) => process.stderr.write(l) });
  const planWorker = bundledPlanWorker();
  process.stdout.write(`Sunshift ${pkg.version} soak: ${args.days} simulated days from ${args.start} at ${args.speed}× (meter every ${args.tickMs / 1000} s; plans ${planWorker === null ? "in the service's thread" : "in the worker thread"}; ${allocatorName()})\n`);
  try {
    const result = await runSoak({
      days: args.days,
      speed: args.speed,
      startAt: args.start,
      tickMs: args.tickMs,
      dataDir,
      // dist/sunshift.mjs → <repo>/addon/data/ (the soak runs from the repository, like the demo).
      seriesDir: new URL("../addon/data/", import.meta.url),
      version: pkg.version,
      logger,
      wallClock: systemClock,
      wallScheduler: systemScheduler,
      ...(planWorker === null ? {} : { planWorker }),
      onDay: (s) => {
        process.stdout.write(`${formatTable([s]).split("\n")[1] ?? ""}\n`);
      },
    });
    process.stdout.write(`\n${formatReport(result)}\n`);
    return result.verdicts.every((v) => v.pass) ? 0 : 1;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
