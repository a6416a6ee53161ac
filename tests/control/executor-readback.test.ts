// Executor read-back (addon/src/control/executor.ts): a call counts as done once the entity shows
// the wanted state in the shared feed; otherwise it is retried after capped backoff and finally
// reported as not answering (a value). Against the in-memory HaClient on a manual clock.
import { describe, expect, it } from "vitest";
import { silentLogger, type Command, type ServiceCall } from "../../addon/src/domain/index.js";
import { CODE_NOT_ANSWERING, createExecutor, type SentCall } from "../../addon/src/control/executor.js";
import { createStateFeed } from "../../addon/src/control/state-feed.js";
import { FakeHaClient } from "../support/fake-ha-client.js";
import { ManualTime } from "../app/manual-time.js";

const OUT = "number.out";
const command: Command = { kind: "battery_discharge", powerW: 300, reason: { kind: "startup_sync" } };
const setOut = (value: number): ServiceCall => ({ domain: "number", service: "set_value", target: { entity_id: OUT }, serviceData: { value } });

function setup(opts: { attempts?: number; dryRun?: boolean; connected?: () => boolean } = {}) {
  const time = new ManualTime(1_000_000);
  const ha = new FakeHaClient({ nowMs: () => time.nowMs() });
  ha.setState(OUT, "0");
  const feed = createStateFeed(ha, [OUT], () => undefined);
  feed.start();
  const callTimes: number[] = [];
  const executor = createExecutor({
    ha: {
      subscribeEntities: (ids, cb) => ha.subscribeEntities(ids, cb),
      onStatus: (cb) => ha.onStatus(cb),
      callService: (c) => {
        callTimes.push(time.nowMs());
        return ha.callService(c);
      },
    },
    toCalls: () => [setOut(300)],
    logger: silentLogger,
    dryRun: opts.dryRun ?? false,
    numberTolerance: 5,
    ...(opts.connected === undefined ? {} : { connected: opts.connected }),
    readBack: { states: feed, scheduler: time, clock: time, timeoutMs: 4000, attempts: opts.attempts ?? 3, backoffBaseMs: 1000, backoffMaxMs: 1500 },
  });
  /** Runs `execute` while moving the clock in 250 ms steps until it settles. */
  async function run(): Promise<readonly SentCall[]> {
    const box: { result: readonly SentCall[] | null } = { result: null };
    void executor.execute(command).then((r) => {
      box.result = r;
    });
    const settled = (): readonly SentCall[] | null => box.result;
    for (let i = 0; i < 200 && settled() === null; i++) {
      await new Promise((r) => setImmediate(r));
      if (settled() === null) time.advance(250);
    }
    const result = settled();
    if (result === null) throw new Error("execute did not settle");
    return result;
  }
  return { time, ha, executor, run, callTimes };
}

describe("read-back", () => {
  it("confirmed as soon as the entity shows the value (device answers 2 s later)", async () => {
    const { ha, time, run } = setup();
    ha.respondWith(() => {
      const at = time.nowMs() + 2000;
      time.setTimeout(() => {
        ha.setState(OUT, "300", {}, at);
      }, 2000);
      return { ok: true, response: null };
    });
    const [sent] = await run();
    expect(sent).toMatchObject({ attempts: 1, confirmed: true, result: { ok: true } });
    expect(ha.calls).toHaveLength(1);
  });

  it("a value within the tolerance confirms (the device applies 298 W)", async () => {
    const { ha, run } = setup();
    ha.respondWith(() => {
      ha.setState(OUT, "298");
      return { ok: true, response: null };
    });
    expect((await run())[0]?.confirmed).toBe(true);
  });

  it("never shown: 3 attempts, backoff 1 s then 1.5 s (capped), then not answering", async () => {
    const { executor, run, callTimes } = setup();
    const [sent] = await run();
    expect(sent?.attempts).toBe(3);
    expect(sent?.result).toMatchObject({ ok: false, code: CODE_NOT_ANSWERING });
    // Attempt k+1 starts read-back timeout (4 s) + backoff after attempt k.
    const t0 = callTimes[0] ?? 0;
    expect(callTimes.map((t) => t - t0)).toEqual([0, 5000, 10_500]);
    expect(executor.notAnswering().map((n) => n.entityId)).toEqual([OUT]);
  });

  it("answers again later: a confirmed call clears not answering", async () => {
    const { ha, executor, run } = setup({ attempts: 1 });
    await run();
    expect(executor.notAnswering()).toHaveLength(1);
    ha.respondWith(() => {
      ha.setState(OUT, "300");
      return { ok: true, response: null };
    });
    expect((await run())[0]?.confirmed).toBe(true);
    expect(executor.notAnswering()).toEqual([]);
  });

  it("a permanent HA error is not retried and is not 'not answering'", async () => {
    const { ha, executor, run } = setup();
    ha.respondWith(() => ({ ok: false, code: "service_validation_error", message: "Value 300 outside valid range" }));
    const [sent] = await run();
    expect(sent).toMatchObject({ attempts: 1, confirmed: false, result: { ok: false, code: "service_validation_error" } });
    expect(ha.calls).toHaveLength(1);
    expect(executor.notAnswering()).toEqual([]);
  });

  it("a transient HA error is retried and may then succeed", async () => {
    const { ha, run } = setup();
    ha.queueResult({ ok: false, code: "home_assistant_error", message: "device busy" });
    ha.respondWith(() => {
      ha.setState(OUT, "300");
      return { ok: true, response: null };
    });
    const [sent] = await run();
    expect(sent).toMatchObject({ attempts: 2, confirmed: true });
  });

  it("dry run sends nothing and waits for nothing", async () => {
    const { ha, run } = setup({ dryRun: true });
    const [sent] = await run();
    expect(sent).toMatchObject({ attempts: 0, confirmed: false, result: { ok: true, response: "dry_run" } });
    expect(ha.calls).toHaveLength(0);
  });

  it("the link drops after a lost answer: no retry goes out while HA is not connected", async () => {
    let up = true;
    const { ha, run, callTimes } = setup({ connected: () => up });
    ha.respondWith(() => {
      up = false;
      return { ok: false, code: "connection_lost", message: "socket closed" };
    });
    const [sent] = await run();
    expect(callTimes).toHaveLength(1);
    expect(sent).toMatchObject({ attempts: 2, confirmed: false, result: { ok: false, code: "connection_lost" } });
  });

  it("not connected from the start: nothing is sent at all", async () => {
    const { run, callTimes } = setup({ connected: () => false });
    const [sent] = await run();
    expect(callTimes).toEqual([]);
    expect(sent?.result).toMatchObject({ ok: false, code: "connection_lost" });
    expect(sent?.result.ok === false ? sent.result.message : "").toContain("not connected");
  });
});
