// Faults on the HA WebSocket (issue 8 §2): the connection dropped, and Home Assistant restarted
// (its port refusing connections for 20 s of home time). Sunshift must reconnect within 5 s of
// HA being reachable, subscribe again, hold a safe state meanwhile, send no command while
// disconnected and none computed from the previous connection's states.
// Simulated home over a real WebSocket (through a TCP proxy on 127.0.0.1); household data
// addon/data/emhass-long-train-data.csv (EMHASS, MIT), prices addon/data/awattar-at-dayahead-hourly-2024-2025.csv.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";
import { commandsBeforeFreshState, commandsWhileDisconnected, movesEnergy, recordingHa, type TimelineEvent } from "./support/recording-ha.js";
import { homeTimeClient, METER, startManualRun, type ManualRun } from "./support/sim-run.js";

describe("HA WebSocket dropped and HA restarted", () => {
  let run: ManualRun;
  let proxy: TcpProxy;
  let simPort = 0;
  let timeline: TimelineEvent[] = [];

  const status = (): string => run.service.board.snapshot(run.sim.clock.nowMs()).connection.kind;
  const safeState = (): string | null => run.service.board.snapshot(run.sim.clock.nowMs()).safeState;

  beforeAll(async () => {
    proxy = await startTcpProxy(() => simPort);
    // An evening with load and no PV (2024-06-15 19:30 Paris): zero feed-in writes all the time.
    run = await startManualRun({
      startAt: "2024-06-15T17:30:00Z",
      haClient: (home) => {
        simPort = Number(new URL(home.url).port);
        // The 5 s budget is measured on home time, the clock of the outage.
        const rec = recordingHa(homeTimeClient(home, proxy.url), home.clock, METER);
        timeline = rec.timeline;
        return rec;
      },
    });
    await run.advanceUntil(() => status() === "connected", 10_000, "first connection");
    await run.advance(60_000);
  }, 30_000);

  afterAll(async () => {
    await run.dispose();
    await proxy.close();
  });

  it("controls before the faults (the baseline the faults are judged against)", () => {
    const calls = timeline.filter((e) => e.kind === "call");
    // A call still awaiting HA's answer at this instant has ok null: not a failure.
    expect(calls.filter((c) => c.ok === true).length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.ok === false)).toEqual([]);
    expect(safeState()).toBeNull();
  });

  it("a dropped connection: safe state at once, reconnect within 5 s, states subscribed again", async () => {
    const dropAt = run.sim.clock.nowMs();
    const acceptedBefore = proxy.accepted();
    run.sim.dropConnections();
    await run.advanceUntil(() => status() !== "connected", 2_000, "disconnect noticed");
    expect(safeState()).toMatch(/^Home Assistant (disconnected|connecting|not connected yet)/);
    const tookMs = await run.advanceUntil(() => status() === "connected", 5_000, "reconnect after a drop");
    const upAt = run.sim.clock.nowMs();
    expect(tookMs).toBeLessThanOrEqual(5_000);
    expect(proxy.accepted()).toBe(acceptedBefore + 1);
    await run.advance(10_000);
    const fresh = timeline.filter((e) => e.kind === "delivery" && e.atMs >= upAt && e.meterUpdatedMs !== null && e.meterUpdatedMs > dropAt);
    expect(fresh.length).toBeGreaterThan(0);
    expect(safeState()).toBeNull();
  });

  it("HA restarting for 20 s: safe state meanwhile, no command, back within 5 s of HA being up", async () => {
    const downAt = run.sim.clock.nowMs();
    await proxy.goDown();
    await run.advance(20_000, 100, 2);
    expect(status()).not.toBe("connected");
    expect(safeState()).toMatch(/^Home Assistant /);
    const backAt = run.sim.clock.nowMs();
    await proxy.comeBack();
    const tookMs = await run.advanceUntil(() => status() === "connected", 40_000, "reconnect after HA came back");
    expect(tookMs, `reconnected ${tookMs} ms after HA was back`).toBeLessThanOrEqual(5_000);
    const upAt = run.sim.clock.nowMs();
    await run.advance(20_000);
    expect(safeState()).toBeNull();
    const after = timeline.filter((e) => e.kind === "call" && e.atMs >= upAt);
    expect(after.length).toBeGreaterThan(0);
    expect(backAt - downAt).toBeGreaterThanOrEqual(20_000);
  }, 30_000);

  it("sends no battery or plug command while disconnected", () => {
    const losses = timeline.filter((e) => e.kind === "status" && e.status === "disconnected");
    expect(losses.length).toBeGreaterThanOrEqual(2);
    expect(commandsWhileDisconnected(timeline).filter(movesEnergy)).toEqual([]);
  });

  it("never sends a command computed from the previous connection's states", () => {
    // Every reconnect above: between `connected` and the first delivery of the new
    // subscription, the service must not command the devices.
    expect(commandsBeforeFreshState(timeline)).toEqual([]);
  });
});
