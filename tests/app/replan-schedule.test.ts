import { describe, expect, it } from "vitest";
import { nextOccurrenceMs, REPLAN_CRON, scheduleCron } from "../../addon/src/app/replan-schedule.js";
import { ManualTime } from "./manual-time.js";

const BERLIN = "Europe/Berlin";

/** Every occurrence in [fromMs, toMs). */
function occurrences(fromMs: number, toMs: number, timeZone: string): number[] {
  const out: number[] = [];
  let t = fromMs - 1;
  for (;;) {
    const next = nextOccurrenceMs(REPLAN_CRON, timeZone, t);
    if (next === null || next >= toMs) return out;
    out.push(next);
    t = next;
  }
}

describe("re-plan calendar (croner, home time)", () => {
  it.each([
    ["a normal day", "2024-06-15", 96],
    ["the spring-forward day (92 quarter hours)", "2024-03-31", 92],
    ["the fall-back day (100 quarter hours)", "2024-10-27", 100],
  ])("runs once per quarter hour of %s", (_name, day, quarters) => {
    const from = new Date(`${day}T00:00:00+01:00`).getTime() - (day === "2024-06-15" ? 3_600_000 : 0);
    const to = new Date(`${day}T00:00:00+01:00`).getTime() + quarters * 900_000 + (day === "2024-06-15" ? -3_600_000 : 0);
    const runs = occurrences(from, to, BERLIN);
    expect(runs).toHaveLength(quarters);
    for (const at of runs) expect(at % 900_000).toBe(5_000);
    for (let i = 1; i < runs.length; i++) expect((runs[i] ?? 0) - (runs[i - 1] ?? 0)).toBe(900_000);
  });

  it("follows the zone of the home on a half-hour offset (India: quarters at :00, :15, :30, :45 local)", () => {
    const at = nextOccurrenceMs(REPLAN_CRON, "Asia/Kolkata", Date.UTC(2024, 5, 15, 6, 31));
    expect(at).toBe(Date.UTC(2024, 5, 15, 6, 45, 5));
  });

  it("fires on the clock it is given, once per occurrence, and stops", () => {
    const time = new ManualTime(Date.UTC(2024, 5, 15, 10, 7));
    const fired: number[] = [];
    const stop = scheduleCron(REPLAN_CRON, BERLIN, time, time, () => fired.push(time.nowMs()));
    time.advance(45 * 60_000);
    expect(fired).toEqual([Date.UTC(2024, 5, 15, 10, 15, 5), Date.UTC(2024, 5, 15, 10, 30, 5), Date.UTC(2024, 5, 15, 10, 45, 5)]);
    stop();
    time.advance(60 * 60_000);
    expect(fired).toHaveLength(3);
    expect(time.pending()).toBe(0);
  });
});
