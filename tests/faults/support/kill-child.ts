/**
 * Child process of sigkill.test.ts (bundled with esbuild): the simulated home and the full
 * service on the data directory given, driven at most 600× real time. Every minute of home time
 * it prints `at <homeMs> <plans made> <1 if a plan is current, else 0>` (synchronously, so the
 * parent sees it before the next step). Args: <data dir> <start ISO> <addon/data dir>.
 * Bundled as CommonJS so the parent can point NODE_PATH at the repository's node_modules.
 */
import { writeSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { silentLogger } from "../../../addon/src/domain/index.js";
import { createClockDriver } from "../../../addon/src/soak/driver.js";
import { startSimulatedRun } from "../../../addon/src/soak/simulated-run.js";
import { systemClock, systemScheduler } from "../../../addon/src/system/clock.js";

async function main(dataDir: string, startAt: string, seriesDir: string): Promise<never> {
  const run = await startSimulatedRun({
    startAt,
    speed: "manual",
    dataDir,
    seriesDir: pathToFileURL(`${seriesDir}/`),
    logger: silentLogger,
    wallScheduler: systemScheduler,
    version: "kill-test",
  });
  const driver = createClockDriver(run.sim, { stepMs: 1000, maxSpeed: 600, wallClock: systemClock, wallScheduler: systemScheduler });
  for (;;) {
    await driver.runUntil(run.sim.clock.nowMs() + 60_000);
    const now = run.sim.clock.nowMs();
    const plans = run.service.board.snapshot(now).counters["plans"] ?? 0;
    writeSync(1, `at ${now} ${plans} ${run.service.planner.current() === null ? 0 : 1}\n`);
  }
}

const [dataDir, startAt, seriesDir] = process.argv.slice(2);
if (dataDir === undefined || startAt === undefined || seriesDir === undefined) throw new Error("usage: kill-child <data dir> <start> <series dir>");
void main(dataDir, startAt, seriesDir);
