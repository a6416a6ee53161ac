import { spawn } from "node:child_process";
import { setPriority } from "node:os";
import { z } from "zod";
import type { EpochMs, Logger } from "../domain/index.js";
import { tariffSensor, type Recommendation, type TariffRanking } from "../insight/index.js";
import type { TariffRunner } from "./insight-link.js";

/**
 * The daily tariff recommendation in a child process: `sunshift tariffs --db … --json` re-runs
 * one 48-hour LP per day and candidate (≈ 25 s of CPU for a year), which in the service's own
 * process would stall the fast loop. The child runs at lower priority and exits; its output is
 * checked at this boundary like any other input.
 */

const rankingSchema = z.object({
  daysUsed: z.int().min(0),
  monthsExtrapolated: z.array(z.int()),
  summary: z.string(),
  results: z.array(
    z.object({ name: z.string(), rank: z.int(), yearlyCostEur: z.number(), standingEur: z.number(), batterySavingEur: z.number() }).loose(),
  ),
}).loose();

export interface TariffProcessOptions {
  /** The CLI entry (bin/sunshift.mjs) and the options file the service was started with. */
  readonly entry: string;
  readonly optionsPath: string;
  readonly dbPath: string;
  readonly timeZone: string;
  readonly logger: Logger;
  /** Kill the child after this long, ms (default 15 min). */
  readonly timeoutMs?: number;
}

/** Parses the child's stdout into a Recommendation (a ranking with no days counts as too little data). */
export function recommendationFromOutput(stdout: string): Recommendation {
  const parsed = rankingSchema.safeParse(JSON.parse(stdout));
  if (!parsed.success) throw new Error(`sunshift tariffs printed an unexpected document: ${parsed.error.issues[0]?.message ?? "invalid"} at ${parsed.error.issues[0]?.path.join(".") ?? ""}`);
  const r = parsed.data;
  if (r.daysUsed < 30) return { kind: "too_little_data", days: r.daysUsed };
  return { kind: "ranked", sensor: tariffSensor(r as unknown as TariffRanking), skipped: [] };
}

function lowerPriority(pid: number, logger: Logger): void {
  try {
    setPriority(pid, 10);
  } catch (err) {
    logger.debug("could not lower the tariff child's priority", { error: String(err) });
  }
}

export function tariffProcessRunner(opts: TariffProcessOptions): TariffRunner {
  return (nowMs: EpochMs) =>
    new Promise<Recommendation>((resolve, reject) => {
      const to = new Date(nowMs).toISOString().slice(0, 10);
      const args = [opts.entry, "tariffs", "--db", opts.dbPath, "--config", opts.optionsPath, "--tz", opts.timeZone, "--to", to, "--json"];
      const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TZ: opts.timeZone } });
      if (child.pid !== undefined) lowerPriority(child.pid, opts.logger);
      let out = "";
      let err = "";
      child.stdout.on("data", (b: Buffer) => (out += b.toString("utf8")));
      child.stderr.on("data", (b: Buffer) => (err += b.toString("utf8")));
      const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 15 * 60_000);
      child.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        if ((code === 0 || code === 1) && out.trim() !== "") {
          try {
            resolve(recommendationFromOutput(out));
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
          return;
        }
        reject(new Error(`sunshift tariffs exited with ${code ?? "a signal"}: ${err.trim().split("\n").slice(-3).join(" | ")}`));
      });
    });
}
