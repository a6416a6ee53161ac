// Plug options → planner PlugRequests (app/plug-requests.ts): windows per local day of the home's
// zone (Europe/Berlin; explicit DST days 2026-03-29 with 92 and 2026-10-25 with 100 quarter-hours),
// wrapped windows, rounding to the slot length, and what already ran today (the real SQLite
// history store with `plug_w:<id>` samples rolled up to 1-minute buckets) subtracted.
import { afterEach, describe, expect, it } from "vitest";
import type { PlugConfig } from "../../addon/src/config/index.js";
import { silentLogger, type Sample } from "../../addon/src/domain/index.js";
import { plugIdOf, plugOccurrences, plugRequestId, plugRequests, plugWindows, runningThresholdW } from "../../addon/src/app/plug-requests.js";
import { openHistoryStore, type HistoryStore } from "../../addon/src/store/index.js";

const TZ = "Europe/Berlin";
const MIN = 60_000;
const HOUR = 3_600_000;
const open: HistoryStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function plug(p: Partial<PlugConfig> & { earliest: string; latest: string; runMinutes: number }): PlugConfig {
  const minute = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  return {
    id: "dish",
    name: "Dishwasher",
    switchEntity: "switch.dish",
    powerEntity: "sensor.dish_power",
    powerW: 1200,
    contiguous: true,
    minOnMinutes: null,
    minOffMinutes: null,
    maxStarts: null,
    earliestMinuteOfDay: minute(p.earliest),
    latestMinuteOfDay: minute(p.latest),
    ...p,
  };
}

/** `n` contiguous slots of `stepMin` minutes from `startMs`. */
function slots(startMs: number, n: number, stepMin = 15): { startMs: number; endMs: number }[] {
  return Array.from({ length: n }, (_, i) => ({ startMs: startMs + i * stepMin * MIN, endMs: startMs + (i + 1) * stepMin * MIN }));
}

/** A store whose `plug_w:dish` reads `w` in each minute of [fromMs, toMs), rolled up to 1-min buckets. */
function historyWith(runs: readonly [fromMs: number, toMs: number, w: number][], nowMs: number): HistoryStore {
  const store = openHistoryStore({ path: ":memory:", logger: silentLogger });
  open.push(store);
  const samples: Sample[] = [];
  for (const [from, to, w] of runs) for (let t = from; t < to; t += MIN) samples.push({ series: "plug_w:dish", atMs: t + 30_000, value: w });
  store.append(samples);
  store.flush(nowMs);
  store.maintain(nowMs);
  return store;
}

const empty = (nowMs: number): HistoryStore => historyWith([], nowMs);
const berlin = (iso: string): number => Date.parse(iso);

describe("plug windows per local day", () => {
  const cases: { name: string; p: PlugConfig; from: string; to: string; windows: [string, string][] }[] = [
    {
      name: "plain window, two days",
      p: plug({ earliest: "10:00", latest: "16:00", runMinutes: 120 }),
      from: "2026-06-10T08:00:00+02:00",
      to: "2026-06-11T20:00:00+02:00",
      windows: [
        ["2026-06-09T10:00:00+02:00", "2026-06-09T16:01:00+02:00"],
        ["2026-06-10T10:00:00+02:00", "2026-06-10T16:01:00+02:00"],
        ["2026-06-11T10:00:00+02:00", "2026-06-11T16:01:00+02:00"],
      ],
    },
    {
      name: "wrapped window 22:00–06:00 ends the next morning",
      p: plug({ earliest: "22:00", latest: "06:00", runMinutes: 90 }),
      from: "2026-06-10T23:00:00+02:00",
      to: "2026-06-11T23:00:00+02:00",
      windows: [
        ["2026-06-09T22:00:00+02:00", "2026-06-10T06:01:00+02:00"],
        ["2026-06-10T22:00:00+02:00", "2026-06-11T06:01:00+02:00"],
        ["2026-06-11T22:00:00+02:00", "2026-06-12T06:01:00+02:00"],
      ],
    },
    {
      name: "spring-forward day: the whole-day window is 23 h",
      p: plug({ earliest: "00:00", latest: "23:59", runMinutes: 60 }),
      from: "2026-03-29T00:00:00+01:00",
      to: "2026-03-29T12:00:00+02:00",
      windows: [
        ["2026-03-28T00:00:00+01:00", "2026-03-29T00:00:00+01:00"],
        ["2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"],
      ],
    },
    {
      name: "fall-back day: a wrapped window across the change is 9 h",
      p: plug({ earliest: "22:00", latest: "05:59", runMinutes: 60 }),
      from: "2026-10-24T23:00:00+02:00",
      to: "2026-10-25T12:00:00+01:00",
      windows: [
        ["2026-10-23T22:00:00+02:00", "2026-10-24T06:00:00+02:00"],
        ["2026-10-24T22:00:00+02:00", "2026-10-25T06:00:00+01:00"],
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = plugWindows(c.p, berlin(c.from), berlin(c.to), TZ).map((w) => [w.startMs, w.endMs]);
      expect(got).toEqual(c.windows.map(([a, b]) => [berlin(a), berlin(b)]));
    });
  }
  it("fall-back wrapped window spans 9 h of real time", () => {
    const [, w] = plugWindows(cases[3]!.p, berlin(cases[3]!.from), berlin(cases[3]!.to), TZ);
    expect(((w?.endMs ?? 0) - (w?.startMs ?? 0)) / HOUR).toBe(9);
  });
});

describe("plug requests for a planning run", () => {
  it("today's and tomorrow's window as slot ranges, run rounded up to slots", () => {
    const nowMs = berlin("2026-06-10T08:05:00+02:00");
    const s = slots(berlin("2026-06-10T08:00:00+02:00"), 144);
    const reqs = plugRequests({ plugs: [plug({ earliest: "10:00", latest: "16:00", runMinutes: 110 })], slots: s, nowMs, timeZone: TZ, history: empty(nowMs) });
    expect(reqs).toEqual([
      // 10:00 is 8 quarter-hours after 08:00; the last whole slot inside [10:00, 16:01) ends 16:00 → 31. 110 min → 8 slots.
      { id: "dish@2026-06-10", powerW: 1200, runSlots: 8, earliestSlot: 8, latestSlot: 31, contiguous: true },
      { id: "dish@2026-06-11", powerW: 1200, runSlots: 8, earliestSlot: 104, latestSlot: 127, contiguous: true },
    ]);
  });

  it("wrapped window, 30 min already run tonight: 60 min left, next night planned in full", () => {
    const nowMs = berlin("2026-06-10T23:10:00+02:00");
    const history = historyWith([[berlin("2026-06-10T22:30:00+02:00"), berlin("2026-06-10T23:00:00+02:00"), 800]], nowMs);
    const p = plug({ earliest: "22:00", latest: "06:00", runMinutes: 90, contiguous: false, minOffMinutes: 20, maxStarts: 2 });
    const occ = plugOccurrences({ plugs: [p], slots: slots(berlin("2026-06-10T23:00:00+02:00"), 144), nowMs, timeZone: TZ, history });
    expect(occ.map((o) => [o.requestId, o.status, o.ranMinutes])).toEqual([
      ["dish@2026-06-10", "planned", 30],
      ["dish@2026-06-11", "planned", 0],
    ]);
    // 23:00 → 06:00 is 28 slots (0..27); 60 min → 4 slots; one start used, not running now → 1 left; off 20 min → 2 slots.
    expect(occ[0]?.request).toEqual({ id: "dish@2026-06-10", powerW: 1200, runSlots: 4, earliestSlot: 0, latestSlot: 27, contiguous: false, minOffSlots: 2, maxStarts: 1 });
    // 2026-06-11 22:00 is 23 h after 23:00 → slot 92; 06:00 next day is 31 h → last slot 123.
    expect(occ[1]?.request).toEqual({ id: "dish@2026-06-11", powerW: 1200, runSlots: 6, earliestSlot: 92, latestSlot: 123, contiguous: false, minOffSlots: 2, maxStarts: 2 });
  });

  it("a finished run is not planned again; tomorrow's window beyond the horizon is deferred", () => {
    const nowMs = berlin("2026-06-10T14:00:00+02:00");
    const history = historyWith([[berlin("2026-06-10T11:00:00+02:00"), berlin("2026-06-10T12:00:00+02:00"), 1150]], nowMs);
    const occ = plugOccurrences({ plugs: [plug({ earliest: "10:00", latest: "16:00", runMinutes: 60 })], slots: slots(berlin("2026-06-10T14:00:00+02:00"), 96), nowMs, timeZone: TZ, history });
    expect(occ.map((o) => [o.requestId, o.status, o.ranMinutes])).toEqual([
      ["dish@2026-06-10", "done", 60],
      // Horizon ends 14:00 tomorrow, the window 16:01: 8 slots could still wait beyond it ≥ 4 needed.
      ["dish@2026-06-11", "deferred", 0],
    ]);
  });

  it("standby power below the threshold does not count as running", () => {
    expect(runningThresholdW(1200)).toBe(24);
    expect(runningThresholdW(200)).toBe(10);
    const nowMs = berlin("2026-06-10T14:00:00+02:00");
    const history = historyWith([[berlin("2026-06-10T10:00:00+02:00"), berlin("2026-06-10T14:00:00+02:00"), 20]], nowMs);
    const occ = plugOccurrences({ plugs: [plug({ earliest: "10:00", latest: "16:00", runMinutes: 60 })], slots: slots(nowMs, 96), nowMs, timeZone: TZ, history });
    expect(occ[0]).toMatchObject({ status: "planned", ranMinutes: 0, request: { runSlots: 4, earliestSlot: 0, latestSlot: 7 } });
  });

  it("a contiguous run going on now continues from the current slot", () => {
    const nowMs = berlin("2026-06-10T12:31:00+02:00");
    const history = historyWith([[berlin("2026-06-10T12:00:00+02:00"), berlin("2026-06-10T12:30:00+02:00"), 1100]], nowMs);
    const reqs = plugRequests({ plugs: [plug({ earliest: "10:00", latest: "16:00", runMinutes: 120 })], slots: slots(berlin("2026-06-10T12:30:00+02:00"), 96), nowMs, timeZone: TZ, history });
    // 90 min left → 6 slots, pinned to slots 0..5.
    expect(reqs[0]).toEqual({ id: "dish@2026-06-10", powerW: 1200, runSlots: 6, earliestSlot: 0, latestSlot: 5, contiguous: true });
  });

  it("a window open past the horizon asks only for what cannot wait", () => {
    // Prices end at midnight: slots 23:00–24:00; the window runs to 06:00 (6 h beyond), 8 h run left.
    const nowMs = berlin("2026-06-10T23:00:00+02:00");
    const p = plug({ earliest: "22:00", latest: "05:59", runMinutes: 480, contiguous: false });
    const occ = plugOccurrences({ plugs: [p], slots: slots(nowMs, 4), nowMs, timeZone: TZ, history: empty(nowMs) });
    // 32 slots needed, 24 fit after midnight → 8 wanted but only 4 in the horizon.
    expect(occ.map((o) => [o.status, o.request?.runSlots])).toEqual([["planned", 4]]);
  });

  it("slot lengths of 30 and 60 min round the run and the limits up", () => {
    const nowMs = berlin("2026-06-10T00:00:00+02:00");
    const p = plug({ earliest: "00:00", latest: "23:59", runMinutes: 50, contiguous: false, minOnMinutes: 40, minOffMinutes: 20 });
    for (const [step, run, on, off] of [[15, 4, 3, 2], [30, 2, 2, 1], [60, 1, 1, 1]] as const) {
      const [r] = plugRequests({ plugs: [p], slots: slots(nowMs, (24 * 60) / step, step), nowMs, timeZone: TZ, history: empty(nowMs) });
      expect(r, `${step} min`).toMatchObject({ runSlots: run, minOnSlots: on, minOffSlots: off, earliestSlot: 0, latestSlot: (24 * 60) / step - 1 });
    }
  });

  it("DST days: the whole-day window covers 92 and 100 quarter-hours", () => {
    for (const [start, n] of [["2026-03-29T00:00:00+01:00", 92], ["2026-10-25T00:00:00+02:00", 100]] as const) {
      const nowMs = berlin(start);
      const [r] = plugRequests({ plugs: [plug({ earliest: "00:00", latest: "23:59", runMinutes: 60 })], slots: slots(nowMs, 120), nowMs, timeZone: TZ, history: empty(nowMs) });
      expect(r, start).toMatchObject({ earliestSlot: 0, latestSlot: n - 1, runSlots: 4 });
    }
  });

  it("request ids map back to plug ids", () => {
    expect(plugIdOf(plugRequestId("heat_pump_1", "2026-06-10"))).toBe("heat_pump_1");
    expect(plugIdOf("boiler")).toBe("boiler");
  });
});
