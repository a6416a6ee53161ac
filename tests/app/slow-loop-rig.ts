/** A slow loop on a manual clock, a fake HA and an in-memory history store, for the slow-loop tests. */
import { optionsSchema, type OptionsInput } from "../../addon/src/config/index.js";
import type { Logger, Plan, PlannerSlotInput, Solver } from "../../addon/src/domain/index.js";
import { createSlowLoop, type PlanRunInfo, type SlowLoop } from "../../addon/src/app/slow-loop.js";
import { openHistoryStore, type HistoryStore } from "../../addon/src/store/index.js";
import { FakeHaClient } from "../support/fake-ha-client.js";
import { ManualTime } from "./manual-time.js";

export interface LogLine {
  level: string;
  msg: string;
  fields: Readonly<Record<string, unknown>> | undefined;
}

export function recordingLogger(lines: LogLine[]): Logger {
  const at = (level: string) => (msg: string, fields?: Readonly<Record<string, unknown>>) => void lines.push({ level, msg, fields });
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export interface SlowLoopRig {
  loop: SlowLoop;
  ha: FakeHaClient;
  store: HistoryStore;
  time: ManualTime;
  logs: LogLine[];
  plans: { plan: Plan; inputs: readonly PlannerSlotInput[]; run: PlanRunInfo }[];
}

/** The rig at `nowMs` (home zone Europe/Stockholm, no network); its store is pushed to `open` for closing. */
export function slowLoopRig(input: OptionsInput, nowMs: number, solvers: () => Promise<readonly Solver[]>, open: HistoryStore[]): SlowLoopRig {
  const logs: LogLine[] = [];
  const ha = new FakeHaClient();
  const store = openHistoryStore({ path: ":memory:", logger: recordingLogger([]) });
  open.push(store);
  const time = new ManualTime(nowMs);
  const plans: SlowLoopRig["plans"] = [];
  const loop = createSlowLoop({
    config: optionsSchema.parse(input),
    ha,
    history: store,
    clock: time,
    scheduler: time,
    logger: recordingLogger(logs),
    timeZone: "Europe/Stockholm",
    solvers,
    onPlan: (plan, inputs, run) => plans.push({ plan, inputs, run }),
    fetch: () => Promise.reject(new Error("no network in tests")),
  });
  return { loop, ha, store, time, logs, plans };
}
