/**
 * Sunshift against a real Home Assistant Core 2024.3.3 (issue 8 §1): the stand-in entities
 * (tests/real-ha/standins.ts) are read into the status board, the fast loop's service calls
 * change the stand-ins' states in HA, the HA client maps HA's real errors, and the card
 * resource is registered in storage-mode Lovelace. Needs `npm run setup-test-env`; fails (does
 * not skip) without the virtualenv (installed.test.ts says so).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { z } from "zod";
import type { EntityStates } from "../../addon/src/domain/index.js";
import { createHaClient } from "../../addon/src/ha/index.js";
import { ensureCardResource } from "../../addon/src/ha/lovelace-resources.js";
import { systemClock, systemScheduler } from "../../addon/src/system/clock.js";
import { silentLogger } from "../../addon/src/domain/index.js";
import { startHaCore, type HaCore } from "../support/ha-core.js";
import { waitFor } from "../sim/helpers.js";
import { INITIAL, INPUT, STANDIN, standInHaConfig } from "./standins.js";
import { startSunshift, type SunshiftUnderTest } from "./sunshift.js";

let ha: HaCore;
let sunshift: SunshiftUnderTest | null = null;

beforeAll(async () => {
  ha = await startHaCore({ config: standInHaConfig() });
  process.stderr.write(`real-HA: HA Core RUNNING ${ha.firstStartMs} ms after spawn (incl. onboarding)\n`);
}, 180_000);

beforeEach(() => {
  onTestFailed(() => {
    ha.keepLogs();
  });
});

afterAll(async () => {
  await sunshift?.stop();
  await ha.dispose();
}, 60_000);

const num = async (entityId: string): Promise<number> => Number((await ha.state(entityId))?.state);

/** Polls HA until the grid sits within 40 W of max(0, house + plug − 800 W); the last reading. */
async function settledGrid(timeoutMs: number): Promise<{ gridW: number; loadW: number }> {
  const deadline = performance.now() + timeoutMs;
  let last = { gridW: NaN, loadW: NaN };
  while (performance.now() < deadline) {
    const plugOn = (await ha.state(STANDIN.plugSwitch))?.state === "on";
    last = { gridW: await num(STANDIN.grid), loadW: INITIAL.houseLoadW + (plugOn ? INITIAL.plugW : 0) };
    if (Math.abs(last.gridW - Math.max(0, last.loadW - 800)) <= 40) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`grid stayed at ${last.gridW} W with a load of ${last.loadW} W for ${timeoutMs} ms`);
}

describe("HA Core with the stand-in home", () => {
  it("has every stand-in entity with its initial state, and no error in HA's log", async () => {
    expect(await num(STANDIN.grid)).toBe(INITIAL.houseLoadW);
    expect(await num(STANDIN.soc)).toBe(INITIAL.socPct);
    expect(await num(STANDIN.outputLimit)).toBe(0);
    expect((await ha.state(STANDIN.acMode))?.state).toBe("output");
    expect((await ha.state(STANDIN.plugSwitch))?.state).toBe("off");
    expect((await ha.state(STANDIN.light))?.state).toBe("off");
    expect((await ha.state(STANDIN.importEnergy))?.attributes["unit_of_measurement"]).toBe("kWh");
    for (const id of Object.values(STANDIN)) expect(await ha.state(id), id).not.toBeNull();
    expect(ha.logTail(10_000)).not.toMatch(/ ERROR /);
  });

  it("createHaClient connects, reads get_config, subscribes and maps a missing action to not_found", async () => {
    const client = createHaClient({ baseUrl: ha.url, token: ha.token, logger: silentLogger, clock: systemClock, scheduler: systemScheduler });
    try {
      await client.start();
      expect(client.status()).toMatchObject({ kind: "connected", haVersion: "2024.3.3" });
      const cfg = await client.getConfig();
      expect(cfg.time_zone).toBe("Europe/Vienna");
      const maps: EntityStates[] = [];
      client.subscribeEntities([STANDIN.grid, "sensor.does_not_exist"], (m) => maps.push(m));
      await waitFor(() => maps.length > 0, "the first entity map");
      expect(maps[0]?.get(STANDIN.grid)?.state).toBe(String(INITIAL.houseLoadW) + ".0");
      expect(maps[0]?.has("sensor.does_not_exist")).toBe(false);
      // The meter re-renders every 2 s: a later map carries a newer sampled_at.
      await waitFor(() => maps.length > 1, "a meter update", 5000);
      expect(await client.callService({ domain: "sunshift_test", service: "missing" })).toMatchObject({ ok: false, code: "not_found" });
      const bad = await client.callService({ domain: "input_number", service: "set_value", target: { entity_id: INPUT.houseLoad }, serviceData: { value: 99_999 } });
      expect(bad.ok).toBe(false);
    } finally {
      await client.stop();
    }
  });

  it("createHaClient with a wrong token ends in auth_failed and does not retry", async () => {
    const client = createHaClient({ baseUrl: ha.url, token: `${ha.token.slice(0, -4)}xxxx`, logger: silentLogger, clock: systemClock, scheduler: systemScheduler });
    try {
      await client.start();
      expect(client.status()).toMatchObject({ kind: "auth_failed" });
      await new Promise((r) => setTimeout(r, 1500));
      expect(client.status().kind).toBe("auth_failed");
    } finally {
      await client.stop();
    }
  });
});

describe("Sunshift (startService) against HA Core", () => {
  beforeAll(async () => {
    sunshift = await startSunshift(ha.url, ha.token, null);
  }, 30_000);

  it("reads the stand-in entities into the status board", async () => {
    const s = sunshift!;
    await waitFor(() => s.service.board.snapshot(systemClock.nowMs()).readings["grid_w"]?.value !== undefined, "readings", 10_000);
    const r = s.service.board.snapshot(systemClock.nowMs()).readings;
    expect(s.service.board.snapshot(systemClock.nowMs()).connection.kind).toBe("connected");
    expect(r["soc_pct"]).toMatchObject({ value: INITIAL.socPct, missing: null, entityId: STANDIN.soc });
    expect(r["pv_w"]).toMatchObject({ value: 0, missing: null });
    expect(r["ac_mode"]).toMatchObject({ value: "output", missing: null });
    expect(r["plug_dishwasher_on"]).toMatchObject({ value: false, missing: null });
    expect(r["grid_w"]?.missing).toBeNull();
    expect(r["grid_w"]?.ageS).toBeLessThanOrEqual(5);
  });

  it("its fast loop sets the output limit in HA and brings grid import down to what 800 W leave", async () => {
    await waitFor(() => sunshift!.service.board.snapshot(systemClock.nowMs()).setpointW !== null, "a first set-point", 20_000);
    // The plan may switch the dishwasher (600 W) on at once, depending on the hour's prices:
    // then house + plug exceed the 800 W inverter and the import floor is what is left over.
    const { gridW, loadW } = await settledGrid(40_000);
    const limit = await num(STANDIN.outputLimit);
    expect(limit).toBeGreaterThan(Math.min(800, loadW) - 60);
    expect(limit).toBeLessThanOrEqual(800);
    expect(Math.abs(gridW - Math.max(0, loadW - 800))).toBeLessThanOrEqual(40);
    expect(await num(INPUT.outputLimit)).toBe(limit);
    expect(await num(STANDIN.acOutput)).toBe(limit);
    const calls = sunshift!.service.board.snapshot(systemClock.nowMs()).activity.filter((a) => a.kind === "call");
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.ok)).toBe(true);
  }, 60_000);

  it("its HA client switches the plug and the light stand-ins", async () => {
    const client = sunshift!.ha;
    expect(await client.callService({ domain: "switch", service: "turn_on", target: { entity_id: STANDIN.plugSwitch } })).toMatchObject({ ok: true });
    expect((await ha.state(INPUT.plug))?.state).toBe("on");
    expect(await num(STANDIN.plugPower)).toBe(INITIAL.plugW);
    await waitFor(() => sunshift!.service.board.snapshot(systemClock.nowMs()).readings["plug_dishwasher_w"]?.value === INITIAL.plugW, "plug power in Sunshift", 5000);
    expect(await client.callService({ domain: "switch", service: "turn_off", target: { entity_id: STANDIN.plugSwitch } })).toMatchObject({ ok: true });
    expect((await ha.state(STANDIN.plugSwitch))?.state).toBe("off");
    // The call Sunshift's status light makes (devices/commands.ts lightCalls).
    const lightCall = { domain: "light", service: "turn_on", target: { entity_id: STANDIN.light }, serviceData: { rgb_color: [255, 179, 0], brightness_pct: 40 } };
    expect(await client.callService(lightCall)).toMatchObject({ ok: true });
    const light = await ha.state(STANDIN.light);
    expect(light?.state).toBe("on");
    expect(light?.attributes["brightness"]).toBe(102);
    expect(light?.attributes["rgb_color"]).toEqual([255, 179, 0]);
    expect((await ha.state(INPUT.lightRgb))?.state).toBe("255,179,0");
  });
});

describe("Lovelace resources (storage mode)", () => {
  const resources = async () => z.array(z.object({ id: z.string(), url: z.string(), type: z.string() })).parse(await ha.ws({ type: "lovelace/resources" }));

  it("the raw WebSocket lovelace/resources/create registers a module", async () => {
    const url = "/local/other-card.js";
    const created = z.object({ id: z.string(), url: z.string(), type: z.string() }).parse(await ha.ws({ type: "lovelace/resources/create", res_type: "module", url }));
    expect(created).toMatchObject({ url, type: "module" });
    expect((await resources()).filter((r) => r.url === url)).toEqual([created]);
  });

  it("ensureCardResource creates the card resource once, keeps it, and moves it to a new version", async () => {
    const client = sunshift!.ha;
    const path = "/api/hassio_ingress/sunshift/sunshift-card.js";
    const first = await ensureCardResource(client, path, "0.1.0");
    expect(first).toMatchObject({ kind: "created", url: `${path}?v=0.1.0` });
    expect(await ensureCardResource(client, path, "0.1.0")).toMatchObject({ kind: "unchanged", url: `${path}?v=0.1.0` });
    const moved = await ensureCardResource(client, path, "0.2.0");
    expect(moved).toMatchObject({ kind: "updated", previousUrl: `${path}?v=0.1.0`, url: `${path}?v=0.2.0` });
    const mine = (await resources()).filter((r) => r.url.startsWith(path));
    expect(mine).toEqual([{ id: first.kind === "created" ? first.id : "", url: `${path}?v=0.2.0`, type: "module" }]);
    // The other resource is untouched.
    expect((await resources()).map((r) => r.url)).toContain("/local/other-card.js");
  });
});
