/**
 * Physics of the simulated SolarFlow 800 Pro and the home meter: inverter cap, curtailment,
 * one AC direction at a time, SOC bounds and efficiencies, response delay and ramp, and the
 * meter's energy balance. Home runs use addon/data/emhass-long-train-data.csv (load, PV).
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_SOLARFLOW, SolarFlow, type SolarFlowFlows, type SolarFlowParams } from "../../addon/src/sim/devices/solarflow.js";
import { startSimulatedHome, type SimulatedHome } from "../../addon/src/sim/index.js";
import { callService } from "home-assistant-js-websocket";
import { hawsConnect, simSeries } from "./helpers.js";

const T0 = Date.parse("2024-06-15T10:00:00Z");
const ETA_INV = DEFAULT_SOLARFLOW.inverterEfficiency;

function sf(initialSocPct: number, p: Partial<SolarFlowParams> = {}): SolarFlow {
  return new SolarFlow({ ...DEFAULT_SOLARFLOW, ...p }, initialSocPct);
}

/** Steps `dev` 1 s at a time for `seconds`, with constant PV; returns the last flows. */
function run(dev: SolarFlow, fromMs: number, seconds: number, pvW: number): SolarFlowFlows {
  let f = dev.lastFlows();
  for (let i = 1; i <= seconds; i++) f = dev.step(fromMs + i * 1000, 1000, pvW);
  return f;
}

/** DC bus balance: what enters (PV, battery, inverter from AC) equals what leaves. */
function dcImbalance(f: SolarFlowFlows): number {
  return f.pvUsedW + f.dischargeDcW + f.acInputW * ETA_INV - (f.chargeDcW + f.acOutputW / ETA_INV);
}

describe("SolarFlow physics", () => {
  it("caps AC output at 800 W and charges the surplus, curtailing the rest at full battery", () => {
    const dev = sf(50);
    dev.applySettings({ acMode: "output", outputLimitW: 800 }, T0);
    const f = run(dev, T0, 20, 3000);
    expect(f.acOutputW).toBeCloseTo(800, 6);
    expect(f.chargeDcW).toBeCloseTo(DEFAULT_SOLARFLOW.maxBatteryDcW, 6);
    expect(f.curtailedW).toBeCloseTo(3000 - 800 / ETA_INV - 1200, 6);

    const full = sf(100);
    full.applySettings({ acMode: "output", outputLimitW: 100 }, T0);
    const g = run(full, T0, 10, 1000);
    expect(g.acOutputW).toBeCloseTo(100, 6);
    expect(g.chargeDcW).toBe(0);
    expect(g.curtailedW).toBeCloseTo(1000 - 100 / ETA_INV, 6);
    expect(g.socPct).toBeCloseTo(100, 9);
  });

  it("never exceeds the inverter even when a limit above 800 W reaches the device", () => {
    const dev = sf(90, { responseDelayMs: 0 });
    dev.applySettings({ acMode: "output", outputLimitW: 1500 }, T0);
    const f = run(dev, T0, 20, 2500);
    expect(f.acOutputW).toBeCloseTo(800, 6);
    dev.applySettings({ acMode: "input", inputLimitW: 5000 }, T0 + 20_000);
    expect(run(dev, T0 + 20_000, 30, 0).acInputW).toBeLessThanOrEqual(1000 + 1e-9);
  });

  it("follows a set-point after the response delay, at the ramp rate", () => {
    const dev = sf(50);
    dev.applySettings({ acMode: "output", outputLimitW: 500 }, T0);
    // 3 s delay: nothing at t+2 s; ramp 250 W/s from t+3 s: 250 W at t+3, 500 W at t+4.
    expect(run(dev, T0, 2, 0).acOutputW).toBe(0);
    expect(run(dev, T0 + 2000, 1, 0).acOutputW).toBeCloseTo(250, 6);
    expect(run(dev, T0 + 3000, 1, 0).acOutputW).toBeCloseTo(500, 6);
    expect(run(dev, T0 + 4000, 5, 0).acOutputW).toBeCloseTo(500, 6);
  });

  it("integrates SOC with efficiencies: 1 h at 500 W AC from the battery", () => {
    const dev = sf(80, { responseDelayMs: 0, rampWPerS: 1e9 });
    const before = dev.lastFlows().energyWh;
    dev.applySettings({ acMode: "output", outputLimitW: 500 }, T0);
    run(dev, T0, 3600, 0);
    const drawnWh = before - dev.lastFlows().energyWh;
    expect(drawnWh).toBeCloseTo(500 / ETA_INV / DEFAULT_SOLARFLOW.dischargeEfficiency, 6);
  });

  it("two packs hold twice the energy (3840 Wh)", () => {
    const one = sf(50);
    const two = sf(50, { packs: 2 });
    expect(one.capacityWh()).toBe(1920);
    expect(two.capacityWh()).toBe(3840);
    expect(two.lastFlows().energyWh).toBe(1920);
    two.applySettings({ acMode: "input", inputLimitW: 500 }, T0);
    const f = run(two, T0, 3600, 0);
    // ≈ 1 h at 500 W AC minus the first 5 s (delay + ramp): stored = AC × 0.95 × 0.96
    expect(f.energyWh - 1920).toBeGreaterThan(500 * 0.95 * 0.96 * (3595 / 3600));
    expect(f.energyWh - 1920).toBeLessThanOrEqual(500 * 0.95 * 0.96 + 1e-9);
    expect(f.socPct).toBeCloseTo((100 * f.energyWh) / 3840, 9);
  });

  it("stops discharging at min SOC and charging at max SOC", () => {
    const dev = sf(12, { responseDelayMs: 0, rampWPerS: 1e9 });
    dev.applySettings({ acMode: "output", outputLimitW: 800, minSocPct: 10 }, T0);
    const f = run(dev, T0, 3600, 0);
    expect(f.socPct).toBeCloseTo(10, 9);
    expect(f.acOutputW).toBe(0);
    dev.applySettings({ acMode: "input", inputLimitW: 1000, maxSocPct: 90 }, T0 + 3600_000);
    const g = run(dev, T0 + 3600_000, 4 * 3600, 0);
    expect(g.socPct).toBeCloseTo(90, 9);
    expect(g.acInputW).toBe(0);
  });

  it("turns the manager's signed manual power into mode and limits", () => {
    const dev = sf(50, { responseDelayMs: 2000 });
    dev.applySettings({ operation: "manual", manualPowerW: -600 }, T0);
    expect(dev.settings).toMatchObject({ acMode: "input", inputLimitW: 600, outputLimitW: 0 });
    expect(run(dev, T0, 10, 0).acInputW).toBeCloseTo(600, 6);
    dev.applySettings({ manualPowerW: 2000 }, T0 + 10_000);
    expect(dev.settings).toMatchObject({ acMode: "output", outputLimitW: 800, inputLimitW: 0 });
    expect(run(dev, T0 + 10_000, 15, 0).acOutputW).toBeCloseTo(800, 6);
  });

  it("invariants hold under random set-point sequences (one direction, cap, SOC bounds, DC balance)", () => {
    const cmd = fc.record({
      atS: fc.integer({ min: 0, max: 600 }),
      mode: fc.constantFrom("input" as const, "output" as const),
      w: fc.integer({ min: 0, max: 1500 }),
      pv: fc.integer({ min: 0, max: 3000 }),
    });
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 12 }), fc.integer({ min: 0, max: 100 }), (cmds, soc) => {
        const dev = sf(soc, { packs: 1 });
        const sorted = [...cmds].sort((a, b) => a.atS - b.atS);
        let pv = 0;
        const startSoc = dev.lastFlows().socPct;
        for (let s = 1; s <= 700; s++) {
          for (const c of sorted.filter((x) => x.atS === s)) {
            pv = c.pv;
            dev.applySettings(c.mode === "output" ? { acMode: "output", outputLimitW: c.w } : { acMode: "input", inputLimitW: c.w }, T0 + s * 1000);
          }
          const f = dev.step(T0 + s * 1000, 1000, pv);
          expect(f.acOutputW > 1e-9 && f.acInputW > 1e-9).toBe(false);
          expect(f.acOutputW).toBeLessThanOrEqual(800 + 1e-9);
          expect(f.acInputW).toBeLessThanOrEqual(1000 + 1e-9);
          expect(Math.abs(dcImbalance(f))).toBeLessThan(1e-6);
          expect(f.curtailedW).toBeGreaterThanOrEqual(-1e-9);
          expect(f.socPct).toBeLessThanOrEqual(Math.max(100, startSoc) + 1e-9);
          expect(f.socPct).toBeGreaterThanOrEqual(Math.min(10, startSoc) - 1e-9);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe("simulated home meter", () => {
  let sim: SimulatedHome | null = null;
  afterEach(async () => {
    await sim?.stop();
    sim = null;
  });

  it("grid = load + plugs − AC output + AC input, and the counters integrate it (1 h, 1 s ticks)", async () => {
    const home = await startSimulatedHome({ token: "t", startAt: "2024-06-15T10:00:00Z", speed: "manual", series: simSeries(), initialSocPct: 60 });
    sim = home;
    const conn = await hawsConnect(home.url, "t");
    // 800 W out from 10:30 on: above the recorded load, so the meter must export for a while.
    home.advance(1800_000);
    await callService(conn, "number", "set_value", { value: 800 }, { entity_id: "number.solarflow_800_pro_output_limit" });
    conn.close();
    const s0 = home.snapshot();
    let integralWh = 0;
    let sawExport = false;
    for (let i = 0; i < 3600; i++) {
      home.advance(1000);
      const s = home.snapshot();
      expect(s.gridW).toBeCloseTo(s.loadW + s.plugsW - s.battery.acOutputW + s.battery.acInputW, 9);
      integralWh += s.gridW / 3600;
      sawExport ||= s.gridW < 0;
    }
    const s1 = home.snapshot();
    expect((s1.importKWh - s0.importKWh - (s1.exportKWh - s0.exportKWh)) * 1000).toBeCloseTo(integralWh, 6);
    expect(s1.importKWh).toBeGreaterThanOrEqual(s0.importKWh);
    expect(s1.exportKWh).toBeGreaterThan(s0.exportKWh);
    // 10:30–11:30 UTC on 2024-06-15 the recorded load is 315–580 W; ±3 % noise.
    expect(s1.loadW).toBeGreaterThan(250);
    expect(s1.loadW).toBeLessThan(700);
    expect(sawExport).toBe(true);
  });

  it("with 800 W output (manager manual) and the 1.2 kW plug on, the meter shows load + 1200 − 800", async () => {
    const home = await startSimulatedHome({ token: "t", startAt: "2024-01-10T20:00:00Z", speed: "manual", series: simSeries(), initialSocPct: 90, pvScale: 0 });
    sim = home;
    const conn = await hawsConnect(home.url, "t");
    await callService(conn, "switch", "turn_on", undefined, { entity_id: "switch.shellyplusplugs_dishwasher" });
    await callService(conn, "select", "select_option", { option: "manual" }, { entity_id: "select.zendure_manager_operation" });
    await callService(conn, "number", "set_value", { value: 800 }, { entity_id: "number.zendure_manager_manual_power" });
    conn.close();
    home.advance(2000);
    expect(home.snapshot().battery.acOutputW).toBe(0); // still inside the 3 s response delay
    home.advance(10_000);
    const s = home.snapshot();
    expect(s.battery.pvAvailableW).toBe(0);
    expect(s.battery.acOutputW).toBeCloseTo(800, 6);
    expect(s.plugsW).toBeGreaterThan(1200 * 0.99 - 1e-9);
    expect(s.plugsW).toBeLessThan(1200 * 1.01 + 1e-9);
    expect(s.gridW).toBeCloseTo(s.loadW + s.plugsW - 800, 6);
    expect(s.settings).toMatchObject({ operation: "manual", manualPowerW: 800, acMode: "output", outputLimitW: 800 });
  });
});
