import type { AcMode, EpochMs } from "../../domain/index.js";
import type { ManagerOperation } from "../entity-ids.js";

/** Physical parameters of the simulated SolarFlow 800 Pro. Powers W, energies Wh, ratios 0..1. */
export interface SolarFlowParams {
  readonly packs: 1 | 2;
  readonly capacityWhPerPack: number;
  readonly maxOutputW: number;
  readonly maxInputW: number;
  /** DC limit of the battery, both directions. */
  readonly maxBatteryDcW: number;
  readonly inverterEfficiency: number;
  readonly chargeEfficiency: number;
  readonly dischargeEfficiency: number;
  /** Time between a set-point write and the device starting to follow it. */
  readonly responseDelayMs: number;
  /** How fast the AC power follows the set-point, W per second. */
  readonly rampWPerS: number;
}

export const DEFAULT_SOLARFLOW: SolarFlowParams = {
  packs: 1,
  capacityWhPerPack: 1920,
  maxOutputW: 800,
  maxInputW: 1000,
  maxBatteryDcW: 1200,
  inverterEfficiency: 0.95,
  chargeEfficiency: 0.96,
  dischargeEfficiency: 0.96,
  responseDelayMs: 3000,
  rampWPerS: 250,
};

/** Power flows of one physics step (all ≥ 0, W) and the resulting SOC. */
export interface SolarFlowFlows {
  readonly pvAvailableW: number;
  readonly pvUsedW: number;
  readonly curtailedW: number;
  readonly chargeDcW: number;
  readonly dischargeDcW: number;
  readonly acOutputW: number;
  readonly acInputW: number;
  readonly socPct: number;
  readonly energyWh: number;
}

/** User-visible settings (what the HA number/select entities show). */
export interface SolarFlowSettings {
  acMode: AcMode;
  outputLimitW: number;
  inputLimitW: number;
  minSocPct: number;
  maxSocPct: number;
  operation: ManagerOperation;
  manualPowerW: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * PV and battery on one DC bus behind one inverter. The AC side is one signed power
 * (+ output to the home, − input from the grid) that follows the commanded set-point after
 * `responseDelayMs` at `rampWPerS`, so it passes through 0 when switching direction and is
 * never input and output at once.
 */
export class SolarFlow {
  readonly settings: SolarFlowSettings = {
    acMode: "output",
    outputLimitW: 0,
    inputLimitW: 0,
    minSocPct: 10,
    maxSocPct: 100,
    operation: "off",
    manualPowerW: 0,
  };
  private energyWh: number;
  private acW = 0;
  private commandedW = 0;
  private pending: { atMs: EpochMs; targetW: number }[] = [];
  private last: SolarFlowFlows;

  constructor(
    readonly params: SolarFlowParams,
    initialSocPct: number,
  ) {
    this.energyWh = (this.capacityWh() * clamp(initialSocPct, 0, 100)) / 100;
    this.last = this.flows(0, 0, 0, 0, 0, 0);
  }

  capacityWh(): number {
    return this.params.packs * this.params.capacityWhPerPack;
  }

  lastFlows(): SolarFlowFlows {
    return this.last;
  }

  /** Signed AC set-point the device is ramping toward now (after the delay). */
  commandedAcW(): number {
    return this.commandedW;
  }

  /** Applies changed settings; the device reacts after the response delay. */
  applySettings(patch: Partial<SolarFlowSettings>, nowMs: EpochMs): void {
    Object.assign(this.settings, patch);
    if (this.settings.operation === "manual") this.mirrorManual();
    this.pending.push({ atMs: nowMs + this.params.responseDelayMs, targetW: this.targetW() });
  }

  /** The manager splits its signed manual power into the per-device settings, as Zendure-HA does. */
  private mirrorManual(): void {
    const p = this.settings.manualPowerW;
    this.settings.acMode = p < 0 ? "input" : "output";
    this.settings.outputLimitW = p > 0 ? Math.min(p, this.params.maxOutputW) : 0;
    this.settings.inputLimitW = p < 0 ? Math.min(-p, this.params.maxInputW) : 0;
  }

  /** Signed AC target of the current settings (+ output, − input). */
  private targetW(): number {
    const s = this.settings;
    switch (s.operation) {
      case "off":
      case "manual":
        return s.acMode === "output" ? clamp(s.outputLimitW, 0, this.params.maxOutputW) : -clamp(s.inputLimitW, 0, this.params.maxInputW);
      case "smart":
      case "smart_discharging":
      case "smart_charging":
      case "store_solar":
        // Not modelled: the sim's automatic modes hold the AC side at 0 and store PV.
        return 0;
    }
  }

  /** Advances the physics by `dtMs` ending at `nowMs`, with `pvAvailableW` of DC PV on offer. */
  step(nowMs: EpochMs, dtMs: number, pvAvailableW: number): SolarFlowFlows {
    while (this.pending[0] !== undefined && this.pending[0].atMs <= nowMs) {
      this.commandedW = this.pending[0].targetW;
      this.pending.shift();
    }
    const maxStep = (this.params.rampWPerS * dtMs) / 1000;
    this.acW += clamp(this.commandedW - this.acW, -maxStep, maxStep);
    const dtH = dtMs / 3_600_000;
    const p = this.params;
    const cap = this.capacityWh();
    const maxWh = (cap * this.settings.maxSocPct) / 100;
    const minWh = (cap * this.settings.minSocPct) / 100;
    const chargeRoom = dtH > 0 && this.energyWh < maxWh ? Math.min(p.maxBatteryDcW, (maxWh - this.energyWh) / (p.chargeEfficiency * dtH)) : 0;
    const dischargeRoom = dtH > 0 && this.energyWh > minWh ? Math.min(p.maxBatteryDcW, ((this.energyWh - minWh) * p.dischargeEfficiency) / dtH) : 0;
    const pv = Math.max(0, pvAvailableW);
    const f = this.acW > 0 ? this.output(pv, chargeRoom, dischargeRoom) : this.input(pv, chargeRoom);
    this.energyWh += (f.charge * p.chargeEfficiency - f.discharge / p.dischargeEfficiency) * dtH;
    this.last = this.flows(pv, f.curtailed, f.charge, f.discharge, f.acOut, f.acIn);
    return this.last;
  }

  private output(pv: number, chargeRoom: number, dischargeRoom: number): Flow {
    const eta = this.params.inverterEfficiency;
    const dcNeed = Math.min(this.acW, this.params.maxOutputW) / eta;
    if (pv >= dcNeed) {
      const charge = Math.min(pv - dcNeed, chargeRoom);
      return { acOut: dcNeed * eta, acIn: 0, charge, discharge: 0, curtailed: pv - dcNeed - charge };
    }
    const discharge = Math.min(dcNeed - pv, dischargeRoom);
    return { acOut: (pv + discharge) * eta, acIn: 0, charge: 0, discharge, curtailed: 0 };
  }

  /** Input (or idle when acW = 0): PV charges first, AC tops up within the battery's room. */
  private input(pv: number, chargeRoom: number): Flow {
    const eta = this.params.inverterEfficiency;
    const pvToBattery = Math.min(pv, chargeRoom);
    const wantIn = Math.min(Math.max(0, -this.acW), this.params.maxInputW);
    const acDc = Math.min(wantIn * eta, chargeRoom - pvToBattery);
    return { acOut: 0, acIn: acDc / eta, charge: pvToBattery + acDc, discharge: 0, curtailed: pv - pvToBattery };
  }

  private flows(pvAvail: number, curtailed: number, charge: number, discharge: number, acOut: number, acIn: number): SolarFlowFlows {
    return {
      pvAvailableW: pvAvail,
      pvUsedW: pvAvail - curtailed,
      curtailedW: curtailed,
      chargeDcW: charge,
      dischargeDcW: discharge,
      acOutputW: acOut,
      acInputW: acIn,
      socPct: (100 * this.energyWh) / this.capacityWh(),
      energyWh: this.energyWh,
    };
  }
}

interface Flow {
  readonly acOut: number;
  readonly acIn: number;
  readonly charge: number;
  readonly discharge: number;
  readonly curtailed: number;
}
