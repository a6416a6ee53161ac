import { parseArgs } from "node:util";
import pkg from "../../../package.json" with { type: "json" };
import { systemClock } from "../system/clock.js";

/**
 * The `sunshift` command (bin/sunshift.mjs → this bundle). Every sub-command returns its exit
 * code; long-running ones (run, demo) resolve when they have shut down cleanly.
 */
const USAGE = `Usage: sunshift <command> [options]

Commands:
  run [--config FILE]          Run the add-on service. Inside Home Assistant it reads
                               /data/options.json; outside, the YAML/JSON file given.
  demo [--speed N] [--port N] [--broker auto|mosquitto|aedes|none]
                               Run Sunshift against the built-in simulated home
                               (status page on http://localhost:8099/); with a broker
                               the simulated home also plays HA's MQTT side.
  plan FILE|-                  Print the optimal plan for a scenario (contract scenario-v1).
  soak [--days 30] [--speed N]  Run the simulated home and the service for N simulated days;
                               print memory, event-loop lag and handles per day, and verdicts.
  backtest [--csv FILE | --db FILE] [--from D --to D] [--packs N] [--config FILE] [--json]
                               Replay history with the planner and compare with no battery,
                               a plain battery and perfect foresight (cost, cycles, …).
  tariffs [--csv FILE | --db FILE] [--prices FILE] [--config FILE] [--json]
                               Rank the candidate tariffs by yearly cost, battery re-optimised.
  version                      Print the version.
`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "run": {
      const { values } = parseArgs({ args: [...rest], options: { config: { type: "string", short: "c" } } });
      const { runService } = await import("./run-command.js");
      return runService({ configPath: values.config });
    }
    case "demo": {
      const { runDemo } = await import("./demo-command.js");
      return runDemo(rest);
    }
    case "plan": {
      const { runPlanCommand } = await import("./plan-command.js");
      return runPlanCommand(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    }
    case "soak": {
      const { runSoakCommand } = await import("./soak-command.js");
      return runSoakCommand(rest);
    }
    case "backtest": {
      const { runBacktestCommand } = await import("./backtest-command.js");
      return runBacktestCommand(rest, { stdout: process.stdout, stderr: process.stderr }, { clock: systemClock, env: process.env });
    }
    case "tariffs": {
      const { runTariffsCommand } = await import("./tariffs-command.js");
      return runTariffsCommand(rest, { stdout: process.stdout, stderr: process.stderr }, { clock: systemClock, env: process.env });
    }
    case "version":
    case "--version":
      process.stdout.write(`${pkg.version}\n`);
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`sunshift: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
