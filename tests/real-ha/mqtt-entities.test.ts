/**
 * Sunshift's MQTT-discovered entities in a real Home Assistant Core 2024.3.3 (issue 8 §1): HA's
 * MQTT integration (a config entry made through the REST config flow) and Sunshift share a real
 * Mosquitto on loopback. The entities land in HA's entity registry; HA actions on them
 * (`select.select_option`, `button.press`, `number.set_value`) reach Sunshift, take effect on the
 * stand-in SolarFlow, and the new state is echoed back into HA. Needs `npm run setup-test-env`.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { z } from "zod";
import { ENTITY_SPECS } from "../../addon/src/mqtt/entity-table.js";
import { systemClock } from "../../addon/src/system/clock.js";
import { startHaCore, type HaCore } from "../support/ha-core.js";
import { startMosquitto, type Mosquitto } from "../support/mosquitto.js";
import { waitFor } from "../sim/helpers.js";
import { INITIAL, STANDIN, standInHaConfig } from "./standins.js";
import { startSunshift, type SunshiftUnderTest } from "./sunshift.js";

let broker: Mosquitto;
let ha: HaCore;
let sunshift: SunshiftUnderTest;

beforeAll(async () => {
  broker = await startMosquitto();
  ha = await startHaCore({ config: standInHaConfig(), mqttPort: broker.port });
  sunshift = await startSunshift(ha.url, ha.token, broker.port);
}, 180_000);

beforeEach(() => {
  onTestFailed(() => {
    ha.keepLogs();
  });
});

afterAll(async () => {
  // Known with HA 2024.3: the timestamp sensors (next cheap window) get "None" when there is
  // no window, which HA logs as a warning on every state message. Printed, not judged.
  const invalid = ha.logTail(100_000).split("\n").filter((l) => l.includes("Invalid state message")).length;
  process.stderr.write(`real-HA: HA logged ${invalid} "Invalid state message" warnings for Sunshift's state topic\n`);
  await sunshift.stop();
  await ha.dispose();
  await broker.dispose();
}, 60_000);

const registryEntry = z.object({ entity_id: z.string(), unique_id: z.string(), platform: z.string(), device_id: z.string().nullable() });

async function sunshiftRegistry(): Promise<z.infer<typeof registryEntry>[]> {
  const all = z.array(registryEntry.loose()).parse(await ha.ws({ type: "config/entity_registry/list" }));
  return all.filter((e) => e.platform === "mqtt" && e.unique_id.startsWith("sunshift_"));
}

const call = (domain: string, service: string, data: Record<string, unknown>): Promise<unknown> => ha.rest("POST", `/api/services/${domain}/${service}`, data);

describe("Sunshift's MQTT discovery in HA Core", () => {
  it("puts every entity of the table into HA's entity registry, on one device, with its entity id", async () => {
    let entries: z.infer<typeof registryEntry>[] = [];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && entries.length < ENTITY_SPECS.length) {
      entries = await sunshiftRegistry();
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(entries.map((e) => e.entity_id).sort()).toEqual(ENTITY_SPECS.map((s) => `${s.component}.sunshift_${s.key}`).sort());
    const devices = new Set(entries.map((e) => e.device_id));
    expect(devices.size).toBe(1);
    expect([...devices][0]).not.toBeNull();
    expect(ha.logTail(10_000)).not.toMatch(/ ERROR /);
  }, 30_000);

  it("shows Sunshift's state in HA: live readings from the stand-ins and the settings", async () => {
    expect(Number(await ha.waitForState("sensor.sunshift_soc", (s) => s === String(INITIAL.socPct) + ".0" || s === String(INITIAL.socPct)))).toBe(INITIAL.socPct);
    expect(await ha.waitForState("select.sunshift_mode", (s) => s === "self_consumption")).toBe("self_consumption");
    expect(await ha.waitForState("binary_sensor.sunshift_problem", (s) => s === "off")).toBe("off");
  });
});

describe("HA actions on Sunshift's entities", () => {
  it("select.select_option on select.sunshift_mode switches the mode, drives the stand-in and is echoed", async () => {
    await call("select", "select_option", { entity_id: "select.sunshift_mode", option: "charge" });
    await waitFor(() => sunshift.service.settings().mode === "charge", "mode charge in Sunshift", 5000);
    expect(await ha.waitForState("select.sunshift_mode", (s) => s === "charge")).toBe("charge");
    // charge = AC charge at the maximum: the hub is put into input mode with an input limit.
    expect(await ha.waitForState(STANDIN.acMode, (s) => s === "input", 20_000)).toBe("input");
    expect(Number(await ha.waitForState(STANDIN.inputLimit, (s) => Number(s) > 0, 20_000))).toBeGreaterThan(0);
    expect(Number((await ha.state(STANDIN.outputLimit))?.state)).toBe(0);
    await call("select", "select_option", { entity_id: "select.sunshift_mode", option: "hold" });
    await waitFor(() => sunshift.service.settings().mode === "hold", "mode hold in Sunshift", 5000);
    expect(await ha.waitForState(STANDIN.inputLimit, (s) => Number(s) === 0, 20_000)).toBe("0.0");
  }, 60_000);

  it("button.press on button.sunshift_replan makes Sunshift plan again", async () => {
    await waitFor(() => (sunshift.service.board.snapshot(systemClock.nowMs()).counters["plans"] ?? 0) > 0, "the first plan", 30_000);
    const before = sunshift.service.board.snapshot(systemClock.nowMs()).counters["plans"] ?? 0;
    // Planning runs in Sunshift's event loop: how long does it hold it up? (printed, not judged)
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const t0 = performance.now();
    await call("button", "press", { entity_id: "button.sunshift_replan" });
    await waitFor(() => (sunshift.service.board.snapshot(systemClock.nowMs()).counters["plans"] ?? 0) > before, "a new plan after the press", 30_000);
    lag.disable();
    process.stderr.write(`real-HA: press → new plan ${Math.round(performance.now() - t0)} ms; event-loop delay meanwhile max ${Math.round(lag.max / 1e6)} ms\n`);
    expect(sunshift.log.some((e) => e.msg === "command from Home Assistant" && e.fields?.["command"] === "replan")).toBe(true);
  }, 60_000);

  it("number.set_value on the reserve SOC changes the setting and is echoed", async () => {
    await call("number", "set_value", { entity_id: "number.sunshift_reserve_soc", value: 35 });
    await waitFor(() => sunshift.service.settings().reserveSocPct === 35, "reserve 35 % in Sunshift", 5000);
    expect(Number(await ha.waitForState("number.sunshift_reserve_soc", (s) => Number(s) === 35))).toBe(35);
  });

  it("an out-of-range value is refused by HA itself and never reaches Sunshift", async () => {
    await expect(call("number", "set_value", { entity_id: "number.sunshift_reserve_soc", value: 150 })).rejects.toThrow(/HTTP 400|HTTP 500/);
    expect(sunshift.service.settings().reserveSocPct).toBe(35);
  });
});
