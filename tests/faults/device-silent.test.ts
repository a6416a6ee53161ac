// Devices that do not answer (issue 8 §2): Home Assistant going half-open (the server reads but
// answers nothing, events are dropped: sim.pauseResponses) and the SolarFlow's output limit
// ignoring its set-points (the entity frozen). Sunshift must go to its safe state and show the
// problem, send no set-point while HA is silent, and resume by itself.
// Simulated home over a real WebSocket; household data addon/data/emhass-long-train-data.csv
// (EMHASS, MIT), prices addon/data/awattar-at-dayahead-hourly-2024-2025.csv.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { homeTimeClient, OUTPUT_LIMIT, startManualRun, type ManualRun } from "./support/sim-run.js";

describe("device not answering", () => {
  let run: ManualRun;
  const board = () => run.service.board.snapshot(run.sim.clock.nowMs());
  const outputWrites = (fromMs: number): number =>
    run.sim.snapshot().serviceCalls.filter((c) => c.atMs >= fromMs && c.entityIds.includes(OUTPUT_LIMIT) && c.ok).length;

  beforeEach(async () => {
    // Evening load, no PV (2024-06-15 19:30 Paris): the fast loop writes output set-points.
    run = await startManualRun({ startAt: "2024-06-15T17:30:00Z", haClient: (home) => homeTimeClient(home) });
    await run.advanceUntil(() => board().connection.kind === "connected", 10_000, "connected");
    await run.advance(60_000);
    expect(board().safeState).toBeNull();
    expect(run.sim.snapshot().settings.outputLimitW).toBeGreaterThan(0);
  }, 30_000);

  afterEach(async () => {
    await run.dispose();
  });

  it("HA half-open: safe state within the meter's age limit, no set-point meanwhile, resumes after", async () => {
    const pausedAt = run.sim.clock.nowMs();
    run.sim.pauseResponses(true);
    // max_age_s 30 (default) + one fast-loop period; the heartbeat (30 s + 10 s) may also drop the link.
    await run.advanceUntil(() => board().safeState !== null, 45_000, "safe state while HA is silent");
    expect(board().safeState).toMatch(/^(meter: |Home Assistant )/);
    await run.advance(60_000);
    expect(board().safeState).not.toBeNull();
    // The half-open server executed nothing it was sent while paused.
    expect(outputWrites(pausedAt)).toBe(0);
    run.sim.pauseResponses(false);
    await run.advanceUntil(() => board().safeState === null, 60_000, "control resumed after HA answered again");
    expect(board().connection.kind).toBe("connected");
    const resumedAt = run.sim.clock.nowMs();
    await run.advance(30_000);
    expect(outputWrites(resumedAt)).toBeGreaterThan(0);
  }, 30_000);

  it("the hub ignores its set-points: reported as not answering, safe state, resumes when it answers", async () => {
    // The output limit entity stops taking writes (the state stays as it was): every new
    // set-point goes unconfirmed.
    run.sim.freezeEntity(OUTPUT_LIMIT, true);
    await run.advance(5_000);
    // Make the loop want a different set-point: the evening load changes by itself within minutes.
    await run.advanceUntil(() => board().safeState !== null, 240_000, "safe state for a silent hub");
    expect(board().safeState).toMatch(new RegExp(`${OUTPUT_LIMIT.replaceAll(".", "\\.")}|not answering`));
    run.sim.freezeEntity(OUTPUT_LIMIT, false);
    await run.advanceUntil(() => board().safeState === null, 240_000, "control resumed once the hub answers");
  }, 60_000);
});
