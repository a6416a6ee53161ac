// readSite + ingestSite on REAL payloads:
// - /work/shared/data/shelly/ha-entity-listing-shelly-real-install-2025-10-20.csv (meter and plugs of a real install),
// - /work/shared/data/shelly/ha-core-fixture-pro3em-config-shelly-status.json (Pro 3EM status: 2413.825 W),
// - /work/shared/data/zendure/zensdk-sf800-properties-report-{charging,discharging}-TimSoethout.json and
//   zensdk-properties-report-snapshots-sf800-sf800pro-sf1600acplus.json (zenSDK reports → Zendure-HA entities).
import { describe, expect, it } from "vitest";
import { parseOptions, type Config } from "../../addon/src/config/index.js";
import { ingestSite, readSite, siteEntityIds } from "../../addon/src/devices/index.js";
import type { Sample } from "../../addon/src/domain/history.js";
import { entity, merge, pro3emStates, shellyListingStates, zendureReport, zendureSnapshots, zendureStates } from "./support/real-states.js";

const AT = Date.UTC(2025, 9, 20, 12, 0, 0);
const MAC = "08f9e0e88160";

function config(raw: unknown): Config {
  const r = parseOptions(raw);
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return r.config;
}

/** The real install's entities, as a user would configure them. */
const realInstall = config({
  meter: {
    grid_power_entity: `sensor.shellypro3em_${MAC}_total_active_power`,
    import_energy_entity: `sensor.shellypro3em_${MAC}_total_active_energy`,
    export_energy_entity: `sensor.shellypro3em_${MAC}_total_active_returned_energy`,
  },
  plugs: [
    { id: "office", name: "Office", switch_entity: "switch.shellyplusplugs_d4d4da363900", power_entity: "sensor.shellyplusplugs_d4d4da363900_power", power_w: 50, run_minutes: 60 },
    { id: "ebike", name: "E-bike", switch_entity: "switch.shellyplugsg3_28372f2f1e04", power_entity: "sensor.shellyplugsg3_28372f2f1e04_power", power_w: 190, run_minutes: 180 },
  ],
});
const defaults = config({});

const bySeries = (samples: readonly Sample[]): Record<string, number> => Object.fromEntries(samples.map((s) => [s.series, s.value]));

describe("readSite", () => {
  it("real install meter + plugs, SF800 discharging report as the hub", () => {
    const report = zendureReport("zensdk-sf800-properties-report-discharging-TimSoethout.json");
    const site = readSite(merge(shellyListingStates(AT), zendureStates(report.properties, AT)), realInstall);
    expect(site.meter.gridPowerW).toEqual({ ok: true, value: -150.058, atMs: AT, entityId: `sensor.shellypro3em_${MAC}_total_active_power` });
    expect(site.meter.importEnergyWh.ok && site.meter.importEnergyWh.value).toBeCloseTo(2561515.89, 3);
    expect(site.meter.exportEnergyWh.ok && site.meter.exportEnergyWh.value).toBeCloseTo(443198.49, 3);
    const b = site.battery;
    const values = [b.socPct, b.pvPowerW, b.chargePowerW, b.dischargePowerW, b.acOutputPowerW, b.acInputPowerW, b.outputLimitW, b.inputLimitW].map((r) => (r.ok ? r.value : null));
    // electricLevel 97, solarInputPower 123, outputPackPower 0, packInputPower 676, outputHomePower 799, gridInputPower 0, outputLimit 800, inputLimit 400.
    expect(values).toEqual([97, 123, 0, 676, 799, 0, 800, 400]);
    expect(b.acMode).toMatchObject({ ok: true, value: "output" });
    expect(site.plugs.map((p) => [p.id, p.on.ok && p.on.value, p.powerW.ok && p.powerW.value])).toEqual([
      ["office", true, 43.5],
      ["ebike", true, 190.8],
    ]);
    expect(site.light.on).toMatchObject({ ok: false, cause: { kind: "no_entity" }, entityId: "light.sunshift_status" });
  });

  it.each(zendureSnapshots().map((s) => [s.label, s] as const))("snapshot: %s", (_label, snap) => {
    const p = snap.payload.properties;
    const b = readSite(zendureStates(p, AT), defaults).battery;
    expect(b.socPct).toMatchObject({ ok: true, value: p.electricLevel });
    expect(b.chargePowerW).toMatchObject({ ok: true, value: p.outputPackPower });
    expect(b.dischargePowerW).toMatchObject({ ok: true, value: p.packInputPower });
    expect(b.acOutputPowerW).toMatchObject({ ok: true, value: p.outputHomePower });
    expect(b.acInputPowerW).toMatchObject({ ok: true, value: p.gridInputPower });
    expect(b.acMode).toMatchObject({ ok: true, value: p.acMode === 1 ? "input" : "output" });
  });

  it("light: on/off when enabled, not_configured when disabled", () => {
    const states = new Map([["light.sunshift_status", entity("light.sunshift_status", "on", { rgb_color: [0, 255, 0] }, AT)]]);
    expect(readSite(states, defaults).light.on).toMatchObject({ ok: true, value: true });
    const off = config({ light: { enabled: false } });
    expect(readSite(states, off).light.on).toEqual({ ok: false, cause: { kind: "not_configured" }, atMs: null, entityId: null });
  });

  it("an empty state map: everything missing with no_entity, nothing throws", () => {
    const site = readSite(new Map(), realInstall);
    expect(site.meter.gridPowerW).toMatchObject({ ok: false, cause: { kind: "no_entity" } });
    expect(site.battery.acMode).toMatchObject({ ok: false, cause: { kind: "no_entity" } });
    expect(site.plugs.every((p) => !p.on.ok && !p.powerW.ok)).toBe(true);
  });
});

describe("siteEntityIds", () => {
  it("lists every read and written entity once; manager entities only on the manager path", () => {
    const ids = siteEntityIds(defaults);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("select.solarflow_800_pro_ac_mode");
    expect(ids).toContain("light.sunshift_status");
    expect(ids).not.toContain("number.zendure_manager_manual_power");
    expect(siteEntityIds(config({ battery: { control_path: "manager" } }))).toContain("number.zendure_manager_manual_power");
    expect(siteEntityIds(realInstall)).toContain("sensor.shellyplugsg3_28372f2f1e04_power");
  });
});

describe("ingestSite", () => {
  it("Pro 3EM fixture (2413.825 W import) + SF800 Pro at full 800 W + the real e-bike plug: load and base load", () => {
    const snap = zendureSnapshots().find((s) => s.label.startsWith("SF800 Pro discharging at full 800 W"));
    if (snap === undefined) throw new Error("snapshot missing");
    const cfg = config({ plugs: [{ id: "ebike", name: "E-bike", switch_entity: "switch.shellyplugsg3_28372f2f1e04", power_entity: "sensor.shellyplugsg3_28372f2f1e04_power", power_w: 190, run_minutes: 180 }] });
    const states = merge(pro3emStates(AT), zendureStates(snap.payload.properties, AT), shellyListingStates(AT));
    const samples = ingestSite(readSite(states, cfg), AT + 500);
    expect(samples.every((s) => Number.isFinite(s.value) && s.atMs === AT + 500)).toBe(true);
    const v = bySeries(samples);
    // Hand-checked: grid 2413.825 + AC out 801 − AC in 0 = 3214.825; minus the e-bike's 190.8 W = 3024.025.
    expect(v.grid_w).toBeCloseTo(2413.825, 6);
    expect(v.load_w).toBeCloseTo(3214.825, 6);
    expect(v.base_load_w).toBeCloseTo(3024.025, 6);
    expect(v["plug_w:ebike"]).toBeCloseTo(190.8, 6);
    // packInputPower 430 − outputPackPower 0.
    expect(v.battery_w).toBe(430);
    expect([v.pv_w, v.soc_pct, v.ac_output_w, v.ac_input_w]).toEqual([371, 19, 801, 0]);
  });

  it("SF800 charging from AC (gridInputPower 382): AC input lowers the load", () => {
    const report = zendureReport("zensdk-sf800-properties-report-charging-TimSoethout.json");
    const grid = new Map([["sensor.shellypro3em_total_active_power", entity("sensor.shellypro3em_total_active_power", "0.45", { unit_of_measurement: "kW" }, AT)]]);
    const v = bySeries(ingestSite(readSite(merge(grid, zendureStates(report.properties, AT)), defaults), AT));
    // 450 W from the grid, 382 W of it into the hub: the house uses 68 W. DC: 0 − 954 = −954 (charging).
    expect(v.load_w).toBeCloseTo(68, 9);
    expect(v.base_load_w).toBeCloseTo(68, 9);
    expect(v.battery_w).toBe(-954);
  });

  it("missing values are skipped, never NaN: no grid → no load, no base load", () => {
    const report = zendureReport("zensdk-sf800-properties-report-discharging-TimSoethout.json");
    const states = merge(zendureStates(report.properties, AT), new Map([["sensor.shellypro3em_total_active_power", entity("sensor.shellypro3em_total_active_power", "unavailable", {}, AT)]]));
    const series = ingestSite(readSite(states, defaults), AT).map((s) => s.series);
    expect(series).toEqual(["pv_w", "soc_pct", "battery_w", "ac_output_w", "ac_input_w"]);
  });

  it("one plug's power missing → load kept, base load dropped", () => {
    const cfg = realInstall;
    const states = merge(shellyListingStates(AT), zendureStates(zendureReport("zensdk-sf800-properties-report-discharging-TimSoethout.json").properties, AT));
    states.set("sensor.shellyplugsg3_28372f2f1e04_power", entity("sensor.shellyplugsg3_28372f2f1e04_power", "unknown", { unit_of_measurement: "W" }, AT));
    const v = bySeries(ingestSite(readSite(states, cfg), AT));
    expect(v.load_w).toBeCloseTo(-150.058 + 799, 6);
    expect(v).not.toHaveProperty("base_load_w");
    expect(v).not.toHaveProperty("plug_w:ebike");
    expect(v["plug_w:office"]).toBe(43.5);
  });
});
