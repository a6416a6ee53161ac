import { runPlanCommand } from "../addon/src/cli/plan-command.js";

const code = await runPlanCommand(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
