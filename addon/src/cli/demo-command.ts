import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pkg from "../../../package.json" with { type: "json" };
import { parseOptions } from "../config/index.js";
import { createHaClient } from "../ha/index.js";
import { DEFAULT_SIM_PLUGS, SIM_TIME_ZONE, startSimulatedHome, type SimulatedHome } from "../sim/index.js";
import { startService, type RunningService } from "../app/service.js";
import { systemScheduler } from "../system/clock.js";
import { createLogger } from "../system/logger.js";
import { waitForShutdown } from "./shutdown.js";

/**
 * `sunshift demo`: the simulated home (HA WebSocket API on loopback, real household year,
 * accelerated clock) and Sunshift connected to it exactly as to a real HA. Prints what it reads
 * and does; status page on http://localhost:8099/.
 */
const DEMO_TOKEN = "sunshift-demo-token";

interface DemoArgs {
  readonly speed: number;
  readonly port: number;
  readonly start: string;
  readonly durationMs: number | undefined;
}

function parseDemoArgs(argv: readonly string[]): DemoArgs | string {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      speed: { type: "string", default: "20" },
      port: { type: "string", default: "8099" },
      start: { type: "string", default: "2024-06-15T04:00:00Z" },
      duration: { type: "string" },
    },
  });
  const speed = Number(values.speed);
  const port = Number(values.port);
  const durationS = values.duration === undefined ? undefined : Number(values.duration);
  if (!(speed > 0 && speed <= 600)) return "--speed must be a number in (0, 600]";
  if (!Number.isInteger(port) || port < 0 || port > 65535) return "--port must be a TCP port (0-65535)";
  if (durationS !== undefined && !(durationS > 0)) return "--duration must be a number of seconds > 0";
  return { speed, port, start: values.start, durationMs: durationS === undefined ? undefined : durationS * 1000 };
}

export async function runDemo(argv: readonly string[]): Promise<number> {
  const args = parseDemoArgs(argv);
  const parsed = parseOptions(demoOptions());
  if (typeof args === "string" || !parsed.ok) {
    process.stderr.write(`sunshift demo: ${typeof args === "string" ? args : parsed.ok ? "" : parsed.problems.join("; ")}\n`);
    return 2;
  }
  const { speed, port } = args;
  // dist/sunshift.mjs → <repo>/addon/data/ (the demo runs from the repository).
  const sim = await startSimulatedHome({ token: DEMO_TOKEN, startAt: args.start, speed, plugs: DEFAULT_SIM_PLUGS, dataDir: new URL("../addon/data/", import.meta.url) });
  const logger = createLogger({ level: "info", clock: sim.clock, write: (l) => process.stdout.write(l), timeZone: SIM_TIME_ZONE });
  const dataDir = mkdtempSync(join(tmpdir(), "sunshift-demo-"));
  logger.info(`Sunshift ${pkg.version} demo: simulated home at ${sim.url}, ${speed}× speed, home time ${SIM_TIME_ZONE}`);
  // The client's heartbeat and timeouts are about the network: they run on the wall clock.
  const ha = createHaClient({ baseUrl: sim.url, token: sim.token, logger, clock: sim.clock, scheduler: systemScheduler });
  let service: RunningService;
  try {
    service = await startService({
      config: parsed.config,
      ha,
      clock: sim.clock,
      scheduler: sim.clock,
      logger,
      dataDir,
      version: pkg.version,
      api: { host: "127.0.0.1", port },
      mqtt: { kind: "none", reason: "the demo runs without a broker" },
      timeZone: SIM_TIME_ZONE,
      // The recorded household (EMHASS data: HA config lat 48.83, lon 6.86).
      location: { latitudeDeg: 48.83, longitudeDeg: 6.86 },
      onActivity: (text) => {
        logger.info(text);
      },
    });
  } catch (err) {
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.stderr.write(`sunshift demo: ${String(err)}\n`);
    return 1;
  }
  logger.info(`status page: http://localhost:${service.apiPort}/  (Ctrl-C to stop)`);
  const stopReadings = printReadings(sim, service, logger.info.bind(logger));
  await waitForShutdown(logger, args.durationMs);
  stopReadings();
  await service.stop();
  await sim.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return 0;
}

/** Options as a user would write them for the simulated home: the defaults plus its plugs. */
function demoOptions(): Record<string, unknown> {
  return {
    log_level: "info",
    // The simulated home's spot price sensor (shaped like the HACS Nord Pool sensor), with
    // typical German grid fees and taxes on top; no PV forecast service offline.
    prices: { source: "nordpool_hacs", price_entity: "sensor.sim_spot_price", grid_fee_eur_per_kwh: 0.12, taxes_eur_per_kwh: 0.05, vat_pct: 19 },
    pv_forecast: { source: "none" },
    plugs: DEFAULT_SIM_PLUGS.map((p) => ({
      id: p.id,
      name: p.friendlyName ?? p.id,
      switch_entity: p.switchEntityId,
      power_entity: p.powerEntityId,
      power_w: p.powerW,
      run_minutes: 120,
      earliest: "09:00",
      latest: "20:00",
    })),
  };
}

/** One line of what Sunshift reads every minute of home time. */
function printReadings(sim: SimulatedHome, service: RunningService, print: (line: string) => void): () => void {
  return sim.clock.setInterval(() => {
    const r = service.board.snapshot(sim.clock.nowMs()).readings;
    const v = (key: string, unit: string): string => {
      const x = r[key];
      return x === undefined || x.value === null ? `— (${x?.missing ?? "no data"})` : `${typeof x.value === "number" ? Math.round(x.value) : String(x.value)} ${unit}`;
    };
    print(`reading: grid ${v("grid_w", "W")} · SOC ${v("soc_pct", "%")} · PV ${v("pv_w", "W")} · hub out ${v("ac_output_w", "W")} · hub in ${v("ac_input_w", "W")}`);
  }, 60_000);
}
