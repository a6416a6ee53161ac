// The shared state feed (addon/src/control/state-feed.ts): one HA subscription for every reader,
// listeners isolated from each other, waits that clean up; and the service subscribing its site
// entities exactly once (ingest, fast loop, read-back, plugs and LED share it).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOptions } from "../../addon/src/config/index.js";
import { siteEntityIds } from "../../addon/src/devices/index.js";
import { silentLogger, type EntityStates } from "../../addon/src/domain/index.js";
import { createStateFeed, serialStep, waitForStates } from "../../addon/src/control/state-feed.js";
import { startService } from "../../addon/src/app/service.js";
import { FakeHaClient } from "../support/fake-ha-client.js";
import { ManualTime } from "../app/manual-time.js";

describe("state feed", () => {
  it("subscribes once however many listeners, and stop removes the subscription", () => {
    const ha = new FakeHaClient();
    const feed = createStateFeed(ha, ["sensor.a"], () => undefined);
    const seen: number[] = [];
    feed.onChange((s) => seen.push(s.size));
    feed.onChange((s) => seen.push(s.size * 10));
    feed.start();
    feed.start();
    expect(ha.subscriberCount()).toBe(1);
    ha.setState("sensor.a", "1");
    expect(seen).toEqual([0, 0, 1, 10]);
    expect(feed.current().get("sensor.a")?.state).toBe("1");
    feed.stop();
    expect(ha.subscriberCount()).toBe(0);
  });

  it("a listener that throws does not stop the others; the error is reported", () => {
    const ha = new FakeHaClient();
    const errors: unknown[] = [];
    const feed = createStateFeed(ha, ["sensor.a"], (e) => errors.push(e));
    const seen: string[] = [];
    feed.onChange(() => {
      throw new Error("boom");
    });
    const off = feed.onChange((s) => seen.push(s.get("sensor.a")?.state ?? "-"));
    feed.start();
    ha.setState("sensor.a", "7");
    off();
    ha.setState("sensor.a", "8");
    expect(seen).toEqual(["-", "7"]);
    expect(errors).toHaveLength(3);
  });

  it("waitForStates: true at once, true on a later change, false after the timeout (and cleans up)", async () => {
    const ha = new FakeHaClient();
    const time = new ManualTime(0);
    const feed = createStateFeed(ha, ["sensor.a"], () => undefined);
    feed.start();
    const is = (v: string) => (s: EntityStates): boolean => s.get("sensor.a")?.state === v;
    ha.setState("sensor.a", "1");
    expect(await waitForStates(feed, time, is("1"), 1000)).toBe(true);
    const later = waitForStates(feed, time, is("2"), 1000);
    time.advance(500);
    ha.setState("sensor.a", "2");
    expect(await later).toBe(true);
    const never = waitForStates(feed, time, is("3"), 1000);
    time.advance(1000);
    expect(await never).toBe(false);
    ha.setState("sensor.a", "3");
  });

  it("serialStep drops a trigger while a step runs", async () => {
    let runs = 0;
    let release = (): void => undefined;
    const s = serialStep(async () => {
      runs++;
      await new Promise<void>((r) => (release = r));
    }, () => undefined);
    const first = s.tick();
    await s.tick();
    s.run();
    release();
    await first;
    expect(runs).toBe(1);
  });
});

describe("the service subscribes its site entities once", () => {
  it("one subscription for ingest, fast loop, executor read-back, plugs and LED", async () => {
    const parsed = parseOptions({ plugs: [{ id: "p", name: "P", switch_entity: "switch.p", power_entity: "sensor.p_power", power_w: 100, run_minutes: 30 }] });
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const time = new ManualTime(Date.parse("2026-11-22T10:00:00Z"));
    const ha = Object.assign(new FakeHaClient({ nowMs: () => time.nowMs() }), { start: () => Promise.resolve(), stop: () => Promise.resolve() });
    const dir = mkdtempSync(join(tmpdir(), "sunshift-feed-"));
    const service = await startService({
      config: parsed.config, ha, clock: time, scheduler: time, logger: silentLogger, dataDir: dir, version: "test",
      api: { host: "127.0.0.1", port: 0 }, mqtt: { kind: "none", reason: "test" }, timeZone: "Europe/Berlin",
    });
    try {
      expect(ha.subscriberCount()).toBe(1);
      ha.setState(parsed.config.meter.gridPowerEntity, "250", { unit_of_measurement: "W" });
      expect(service.board.snapshot(time.nowMs()).readings.grid_w?.value).toBe(250);
      expect(siteEntityIds(parsed.config)).toContain("switch.p");
    } finally {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(ha.subscriberCount()).toBe(0);
  });
});
