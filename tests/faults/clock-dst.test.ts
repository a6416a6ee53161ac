// Clock faults and DST (issue 8 §2): the service's clock jumping forward and backward while it
// runs, and days when Europe/Paris changes between CET and CEST. No crash, no error, and every
// plan's slots correct: 15-minute UTC slots, contiguous, the first one holding "now", the local
// DST day with 92 / 100 quarter hours, plugs only inside their local-time window.
// Simulated home over a real WebSocket; household data addon/data/emhass-long-train-data.csv
// (EMHASS, MIT), prices addon/data/awattar-at-dayahead-hourly-2024-2025.csv.
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../addon/src/domain/index.js";
import { captureLogger, type CapturedLog } from "./support/capture-logger.js";
import { homeTimeClient, METER, startManualRun, type ManualRun } from "./support/sim-run.js";

const QUARTER_MS = 15 * 60_000;
const PARIS = "Europe/Paris";

/** Problems with a plan's slots as seen at `nowMs` (empty = correct). */
function slotProblems(plan: Plan, nowMs: number): string[] {
  const out: string[] = [];
  const first = plan.slots[0];
  if (first === undefined) return ["no slots"];
  if (!(first.startMs <= nowMs && nowMs < first.endMs)) out.push(`first slot ${new Date(first.startMs).toISOString()} does not hold now ${new Date(nowMs).toISOString()}`);
  plan.slots.forEach((s, i) => {
    if (s.endMs - s.startMs !== QUARTER_MS || s.startMs % QUARTER_MS !== 0) out.push(`slot ${i} is not a 15-min UTC slot`);
    const prev = plan.slots[i - 1];
    if (prev !== undefined && prev.endMs !== s.startMs) out.push(`gap or overlap before slot ${i}`);
    for (const v of [s.acOutW, s.acInW, s.gridW, s.socPct, s.batteryW, s.costEur]) if (!Number.isFinite(v)) out.push(`slot ${i} has a non-finite value`);
  });
  return out;
}

/** Local wall time "HH:MM" and date "YYYY-MM-DD" of an instant in Paris. */
function paris(atMs: number): { date: string; hhmm: string } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone: PARIS, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(atMs).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hhmm: `${parts.hour}:${parts.minute}` };
}

describe("clock jumps", () => {
  let run: ManualRun;
  let log: CapturedLog;
  let offsetMs = 0;

  afterEach(async () => {
    await run.dispose();
  });

  async function start(): Promise<void> {
    offsetMs = 0;
    log = captureLogger();
    run = await startManualRun({
      startAt: "2024-06-15T08:00:00Z",
      logger: log.logger,
      haClient: (home) => homeTimeClient(home),
      serviceClock: (home) => ({ nowMs: () => home.clock.nowMs() + offsetMs }),
    });
    await run.advanceUntil(() => run.service.board.snapshot(0).connection.kind === "connected", 10_000, "connected");
    await run.advance(30_000);
  }

  const now = (): number => run.sim.clock.nowMs() + offsetMs;

  async function replanned(): Promise<Plan> {
    await run.service.planner.replanNow("test");
    const plan = run.service.planner.current();
    if (plan === null) throw new Error("no plan");
    return plan;
  }

  it("forward 3 h and back 5 h: no error, every plan's slots start at the new now", async () => {
    await start();
    expect(slotProblems(await replanned(), now())).toEqual([]);
    offsetMs = 3 * 3_600_000;
    await run.advance(10_000);
    expect(slotProblems(await replanned(), now())).toEqual([]);
    // Seen from 3 h later every reading is old: the fast loop must hold its safe state.
    await run.advance(10_000);
    expect(run.service.board.snapshot(now()).safeState ?? "no safe state").toMatch(/^meter: last update \d+ s ago/);
    offsetMs = -2 * 3_600_000;
    await run.advance(10_000);
    expect(slotProblems(await replanned(), now())).toEqual([]);
    await run.advance(60_000);
    expect(log.errors()).toEqual([]);
    expect(run.service.board.snapshot(now()).connection.kind).toBe("connected");
  }, 60_000);

  it("after the clock went back 1 h, a meter that stops updating still leads to the safe state", async () => {
    await start();
    offsetMs = -3_600_000;
    await run.advance(10_000);
    // The meter's last update now lies in the future of the service's clock. When the meter
    // goes silent, the staleness rule (meter.max_age_s 30) must still trip within a minute,
    // not only once the clock has caught up an hour later.
    run.sim.freezeEntity(METER, true);
    await run.advance(60_000);
    expect(run.service.board.snapshot(now()).safeState ?? "no safe state").toMatch(/^meter: /);
  }, 60_000);
});

describe("DST days in Europe/Paris", () => {
  let run: ManualRun;
  afterEach(async () => {
    await run.dispose();
  });

  it.each([
    ["spring forward (2024-03-31, 23 h)", "2024-03-30T23:30:00Z", "2024-03-31", 92],
    ["fall back (2024-10-27, 25 h)", "2024-10-26T23:30:00Z", "2024-10-27", 100],
  ])("%s: slots contiguous across the change, the local day has its quarter hours, plugs in their window", async (_name, startAt, day, quarters) => {
    const log = captureLogger();
    run = await startManualRun({ startAt, logger: log.logger, haClient: (home) => homeTimeClient(home) });
    await run.advanceUntil(() => run.service.planner.current() !== null, 60_000, "first plan");
    // The first plan (01:30 local) spans the change; plan again after it (03:30 local).
    const before = run.service.planner.current();
    if (before === null) throw new Error("no plan");
    expect(slotProblems(before, before.generatedAtMs)).toEqual([]);
    await run.advance(2 * 3_600_000, 5_000, 1);
    await run.service.planner.replanNow("test");
    const plan = run.service.planner.current();
    if (plan === null) throw new Error("no plan");
    expect(slotProblems(plan, run.sim.clock.nowMs())).toEqual([]);
    // The plans' slots of the local DST day: from local midnight to the next, 92 or 100.
    let midnight = Date.parse(startAt);
    while (paris(midnight - QUARTER_MS).date === day) midnight -= QUARTER_MS;
    const daySlots = [...before.slots, ...plan.slots.filter((s) => s.startMs >= (before.slots.at(-1)?.endMs ?? 0))].filter((s) => paris(s.startMs).date === day);
    const first = daySlots[0];
    const last = daySlots.at(-1);
    if (first === undefined || last === undefined) throw new Error("no slot on the DST day");
    expect(first.startMs).toBe(Date.parse(startAt));
    expect(paris(last.endMs).date).not.toBe(day);
    // Slots before the first plan started, plus the planned ones: the whole local day.
    expect((first.startMs - midnight) / QUARTER_MS + daySlots.length).toBe(quarters);
    // Plugs (window 10:00–19:00 local) run only inside it, also on this day.
    const onSlots = plan.slots.filter((s) => s.plugsOn.length > 0);
    expect(onSlots.length).toBeGreaterThan(0);
    for (const s of onSlots) {
      const { hhmm } = paris(s.startMs);
      expect(hhmm >= "10:00" && hhmm < "19:00", `plug on at ${hhmm} local`).toBe(true);
    }
    expect(log.errors()).toEqual([]);
  }, 90_000);
});
