import { parseArgs } from "node:util";
import pkg from "../../../package.json" with { type: "json" };

/**
 * The `sunshift` command (bin/sunshift.mjs → this bundle). Every sub-command returns its exit
 * code; long-running ones (run, demo) resolve when they have shut down cleanly.
 */
const USAGE = `Usage: sunshift <command> [options]

Commands:
  run [--config FILE]          Run the add-on service. Inside Home Assistant it reads
                               /data/options.json; outside, the YAML/JSON file given.
  demo [--speed N] [--port N]  Run Sunshift against the built-in simulated home
                               (status page on http://localhost:8099/).
  plan FILE|-                  Print the optimal plan for a scenario (contract scenario-v1).
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
