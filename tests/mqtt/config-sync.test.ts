/**
 * Pure parts of the bridge: topic routing, the retained-config bookkeeping (publish only what
 * changed, clear only our own stale configs) and listener isolation/disposers.
 */
import { describe, expect, it } from "vitest";
import { createConfigSync } from "../../addon/src/mqtt/config-sync.js";
import { buildDiscovery } from "../../addon/src/mqtt/discovery.js";
import { createListeners } from "../../addon/src/mqtt/listeners.js";
import { commandKeyOf, isValidInstallId, ownConfigObjectId, topicsFor } from "../../addon/src/mqtt/topics.js";
import { recordingLogger } from "./helpers.js";

const topics = topicsFor("homeassistant", "ab");
const wanted = buildDiscovery({ topics, installId: "ab", version: "1.0.0" });
const modeTopic = "homeassistant/select/sunshift_ab_mode/config";

describe("topics", () => {
  it.each([
    ["sunshift/ab/mode/set", "mode"],
    ["sunshift/ab/reserve_soc/set", "reserve_soc"],
    ["sunshift/abc/mode/set", null],
    ["sunshift/ab/mode/state", null],
    ["sunshift/ab/a/b/set", null],
    ["other/ab/mode/set", null],
  ])("command key of %s is %s", (topic, key) => {
    expect(commandKeyOf(topics, topic)).toBe(key);
  });

  it.each([
    [modeTopic, "sunshift_ab_mode"],
    ["homeassistant/sensor/sunshift_ab_old/config", "sunshift_ab_old"],
    ["homeassistant/sensor/sunshift_abc_old/config", null],
    ["homeassistant/sensor/zigbee_ab/config", null],
    ["homeassistant/sensor/sunshift_ab_old/state", null],
  ])("own config object id of %s is %s", (topic, id) => {
    expect(ownConfigObjectId(topics, topic)).toBe(id);
  });

  it("accepts only [A-Za-z0-9_-] install ids", () => {
    expect(["a1", "A_b-9"].map(isValidInstallId)).toEqual([true, true]);
    expect(["", "a b", "a/b", "a+", "a#", "ä"].map(isValidInstallId)).toEqual([false, false, false, false, false, false]);
  });
});

describe("createConfigSync", () => {
  it("publishes everything when the broker holds nothing, then nothing more", () => {
    const sync = createConfigSync(topics, wanted);
    sync.beginScan();
    expect(sync.pending(false).map((m) => m.topic)).toEqual(wanted.map((m) => m.topic));
    expect(sync.pending(false)).toEqual([]);
    expect(sync.pending(true)).toHaveLength(wanted.length);
  });

  it("publishes only configs whose serialization differs from what the broker holds", () => {
    const sync = createConfigSync(topics, wanted);
    sync.beginScan();
    for (const m of wanted) sync.learn(m.topic, JSON.stringify(m.payload));
    const changed = wanted[1];
    if (changed === undefined) throw new Error("need two entities");
    sync.learn(changed.topic, JSON.stringify({ ...changed.payload, name: "Old name" }));
    expect(sync.pending(false)).toEqual([{ topic: changed.topic, payload: JSON.stringify(changed.payload) }]);
    expect(sync.stale()).toEqual([]);
  });

  it("clears only this install's configs that are no longer wanted", () => {
    const sync = createConfigSync(topics, wanted);
    sync.beginScan();
    const gone = "homeassistant/sensor/sunshift_ab_gone/config";
    sync.learn(gone, JSON.stringify({ unique_id: "sunshift_ab_gone" }));
    sync.learn("homeassistant/sensor/sunshift_abx_gone/config", JSON.stringify({ unique_id: "sunshift_abx_gone" }));
    sync.learn("homeassistant/sensor/sunshift_ab_copy/config", JSON.stringify({ unique_id: "someone_else" }));
    sync.learn("homeassistant/sensor/sunshift_ab_broken/config", "{not json");
    sync.learn("homeassistant/sensor/sunshift_ab_deleted/config", JSON.stringify({ unique_id: "sunshift_ab_deleted" }));
    sync.learn("homeassistant/sensor/sunshift_ab_deleted/config", "");
    expect(sync.stale()).toEqual([gone]);
    expect(sync.stale()).toEqual([]);
  });

  it("forgets what it learned when a new scan begins (broker restarted without persistence)", () => {
    const sync = createConfigSync(topics, wanted);
    sync.beginScan();
    expect(sync.pending(false)).toHaveLength(wanted.length);
    sync.beginScan();
    expect(sync.pending(false)).toHaveLength(wanted.length);
  });
});

describe("createListeners", () => {
  it("isolates a throwing listener and removes exactly the registration disposed", () => {
    const logger = recordingLogger();
    const l = createListeners<number>(logger, "command");
    const got: string[] = [];
    const cb = (v: number): void => {
      got.push(`cb${v}`);
    };
    const offFirst = l.add(cb);
    l.add(() => {
      throw new Error("boom");
    });
    l.add(cb);
    l.emit(1);
    offFirst();
    l.emit(2);
    expect(got).toEqual(["cb1", "cb1", "cb2"]);
    expect(logger.entries.filter((e) => e.level === "error").map((e) => e.fields)).toEqual([{ error: "boom" }, { error: "boom" }]);
  });
});
