import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import type { Solver } from "../domain/index.js";
import { scenarioSchema, formatIssue } from "../planner/scenario-schema.js";
import { scenarioToInput, planToJson } from "../planner/scenario.js";
import { optimize } from "../planner/optimize.js";
import { createHighsSolver } from "../planner/solvers/highs-solver.js";
import { createJsLpSolver } from "../planner/solvers/jslp-solver.js";

export interface PlanCommandIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

async function readSource(file: string, io: PlanCommandIo): Promise<string> {
  return file === "-" ? readAll(io.stdin) : readFile(file, "utf8");
}

/**
 * `sunshift plan FILE` (contract scenario-v1): args are what follows `plan`; `-` reads stdin.
 * Exit 0 with the plan JSON only on stdout; 2 with one line naming the offending field.
 */
export async function runPlanCommand(args: readonly string[], io: PlanCommandIo): Promise<number> {
  const file = args[0];
  if (file === undefined || args.length !== 1) {
    io.stderr.write("usage: sunshift plan FILE (or - for standard input)\n");
    return 2;
  }
  let text: string;
  try {
    text = await readSource(file, io);
  } catch (err) {
    io.stderr.write(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    io.stderr.write(`scenario: invalid JSON: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    io.stderr.write(`${first === undefined ? "scenario: invalid" : formatIssue(first)}\n`);
    return 2;
  }
  const input = scenarioToInput(parsed.data);
  const solvers: Solver[] = [await createHighsSolver(), createJsLpSolver({ maxCols: 1500, maxIntegers: 100 }, () => performance.now())];
  const result = optimize(input, solvers);
  io.stdout.write(`${JSON.stringify(planToJson(result.plan, parsed.data))}\n`);
  return 0;
}
