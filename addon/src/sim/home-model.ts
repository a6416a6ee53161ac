import type { EpochMs } from "../domain/index.js";
import type { SimClock } from "./clock.js";
import { batterySensor, energySensor, fmt, numberEntity, powerSensor, selectEntity } from "./devices/attributes.js";
import { GridMeter } from "./devices/meter.js";
import { SimLight, SimPlug } from "./devices/plugs.js";
import { spotPriceState } from "./devices/price-sensor.js";
import { SolarFlow, type SolarFlowFlows, type SolarFlowSettings } from "./devices/solarflow.js";
import { MANAGER_OPERATIONS, SIM_ENTITY_IDS as E, type SimPlugSpec } from "./entity-ids.js";
import type { EntityRegistry } from "./registry.js";
import { loadAt, noise, pvAt, type LoadPvSeries, type PriceSeries } from "./series.js";
import type { SimContext } from "./state.js";

/** A service call the simulated home received, with the sim time it arrived. */
export interface ServiceCallRecord {
  readonly atMs: EpochMs;
  readonly domain: string;
  readonly service: string;
  readonly serviceData: Readonly<Record<string, unknown>>;
  readonly entityIds: readonly string[];
  readonly ok: boolean;
  readonly code?: string;
}

/** Read-only view of the physics at one instant. Powers W, energies kWh. */
export interface SimSnapshot {
  readonly atMs: EpochMs;
  readonly gridW: number;
  readonly loadW: number;
  readonly plugsW: number;
  readonly battery: SolarFlowFlows;
  readonly settings: Readonly<SolarFlowSettings>;
  readonly commandedAcW: number;
  readonly importKWh: number;
  readonly exportKWh: number;
  readonly plugs: readonly { readonly id: string; readonly on: boolean; readonly powerW: number }[];
  readonly light: { readonly on: boolean; readonly rgbColor: readonly [number, number, number]; readonly brightness: number };
  readonly serviceCalls: readonly ServiceCallRecord[];
}

export interface HomeModelOptions {
  readonly clock: SimClock;
  readonly registry: EntityRegistry;
  readonly loadPv: LoadPvSeries;
  readonly prices: PriceSeries;
  readonly solarflow: SolarFlow;
  readonly plugs: readonly SimPlugSpec[];
  readonly pvScale: number;
  readonly seed: number;
  readonly timeZone: string;
}

/** The devices of the simulated home, stepped together, and their HA entities. */
export class HomeModel {
  readonly sf: SolarFlow;
  readonly meter = new GridMeter();
  readonly plugs: SimPlug[];
  readonly light = new SimLight();
  readonly calls: ServiceCallRecord[] = [];
  private loadW = 0;
  private plugsW = 0;
  private priceKey = "";

  constructor(private readonly o: HomeModelOptions) {
    this.sf = o.solarflow;
    this.plugs = o.plugs.map((p) => new SimPlug(p));
  }

  /** One physics step of `dtMs` ending now, then publishes every entity. */
  tick(dtMs: number): void {
    const now = this.o.clock.nowMs();
    const second = Math.floor(now / 1000);
    const pv = pvAt(this.o.loadPv, now) * this.o.pvScale * (1 + 0.01 * noise(this.o.seed + 1, second));
    const flows = this.sf.step(now, dtMs, pv);
    this.loadW = Math.max(0, loadAt(this.o.loadPv, now) * (1 + 0.03 * noise(this.o.seed, second)));
    this.plugsW = this.plugs.reduce((sum, p, i) => sum + p.powerW(noise(this.o.seed + 10 + i, second)), 0);
    this.meter.step(this.loadW + this.plugsW - flows.acOutputW + flows.acInputW, dtMs);
    this.publish();
  }

  /** Writes every entity from the current model (unchanged ones emit nothing). */
  publish(context?: SimContext): void {
    const r = this.o.registry;
    const f = this.sf.lastFlows();
    r.write(E.gridPower, { state: fmt(this.meter.powerW(), 1), attributes: powerSensor("Shelly Pro 3EM total active power") });
    r.write(E.importEnergy, { state: fmt(this.meter.importKWh(), 3), attributes: energySensor("Shelly Pro 3EM total active energy") });
    r.write(E.exportEnergy, { state: fmt(this.meter.exportKWh(), 3), attributes: energySensor("Shelly Pro 3EM total active returned energy") });
    r.write(E.soc, { state: fmt(Math.floor(f.socPct), 0), attributes: batterySensor("SolarFlow 800 Pro Electric Level") });
    r.write(E.pvPower, { state: fmt(f.pvUsedW, 0), attributes: powerSensor("SolarFlow 800 Pro Solar Input Power") });
    r.write(E.chargePower, { state: fmt(f.chargeDcW, 0), attributes: powerSensor("SolarFlow 800 Pro Battery Charge Power") });
    r.write(E.dischargePower, { state: fmt(f.dischargeDcW, 0), attributes: powerSensor("SolarFlow 800 Pro Battery Discharge Power") });
    r.write(E.acOutputPower, { state: fmt(f.acOutputW, 0), attributes: powerSensor("SolarFlow 800 Pro Output Home Power") });
    r.write(E.acInputPower, { state: fmt(f.acInputW, 0), attributes: powerSensor("SolarFlow 800 Pro Grid Input Power") });
    this.publishSettings(context);
    this.publishPlugsAndLight(context);
    this.publishPrice();
  }

  private publishSettings(context?: SimContext): void {
    const r = this.o.registry;
    const s = this.sf.settings;
    const p = this.sf.params;
    r.write(E.outputLimit, { state: String(s.outputLimitW), attributes: numberEntity("SolarFlow 800 Pro Output Limit", 0, p.maxOutputW, 1, "W") }, context);
    r.write(E.inputLimit, { state: String(s.inputLimitW), attributes: numberEntity("SolarFlow 800 Pro Input Limit", 0, p.maxInputW, 1, "W") }, context);
    r.write(E.acMode, { state: s.acMode, attributes: selectEntity("SolarFlow 800 Pro AC Mode", ["input", "output"]) }, context);
    r.write(E.minSoc, { state: String(s.minSocPct), attributes: numberEntity("SolarFlow 800 Pro Min SOC", 0, 50, 1, "%") }, context);
    r.write(E.maxSoc, { state: String(s.maxSocPct), attributes: numberEntity("SolarFlow 800 Pro SOC Set", 70, 100, 1, "%") }, context);
    r.write(E.managerOperation, { state: s.operation, attributes: selectEntity("Zendure Manager Operation", MANAGER_OPERATIONS) }, context);
    r.write(
      E.managerManualPower,
      { state: String(s.manualPowerW), attributes: numberEntity("Zendure Manager Manual Power", -12000, 12000, 1, "W") },
      context,
    );
  }

  private publishPlugsAndLight(context?: SimContext): void {
    const r = this.o.registry;
    const second = Math.floor(this.o.clock.nowMs() / 1000);
    this.plugs.forEach((p, i) => {
      const name = p.spec.friendlyName ?? p.spec.id;
      r.write(p.spec.switchEntityId, { state: p.on ? "on" : "off", attributes: { friendly_name: name } }, context);
      const w = p.powerW(noise(this.o.seed + 10 + i, second));
      r.write(p.spec.powerEntityId, { state: fmt(w, 1), attributes: powerSensor(`${name} power`) });
    });
    r.write(E.statusLight, { state: this.light.on ? "on" : "off", attributes: this.light.attributes() }, context);
  }

  /** The price sensor changes once an hour (and when tomorrow's prices appear at 13:00 local). */
  private publishPrice(): void {
    const now = this.o.clock.nowMs();
    const key = String(Math.floor(now / 3_600_000));
    if (key === this.priceKey && this.o.registry.has(E.spotPrice)) return;
    this.priceKey = key;
    this.o.registry.write(E.spotPrice, spotPriceState(this.o.prices, now, this.o.timeZone));
  }

  snapshot(): SimSnapshot {
    return {
      atMs: this.o.clock.nowMs(),
      gridW: this.meter.powerW(),
      loadW: this.loadW,
      plugsW: this.plugsW,
      battery: this.sf.lastFlows(),
      settings: { ...this.sf.settings },
      commandedAcW: this.sf.commandedAcW(),
      importKWh: this.meter.importKWh(),
      exportKWh: this.meter.exportKWh(),
      plugs: this.plugs.map((p) => ({ id: p.spec.id, on: p.on, powerW: p.on ? p.spec.powerW : 0 })),
      light: { on: this.light.on, rgbColor: [...this.light.rgbColor], brightness: this.light.brightness },
      serviceCalls: [...this.calls],
    };
  }
}
