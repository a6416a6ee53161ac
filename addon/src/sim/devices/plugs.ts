import type { SimPlugSpec } from "../entity-ids.js";

/** A simulated Shelly plug: on/off and the power its load draws. */
export class SimPlug {
  on = false;
  constructor(readonly spec: SimPlugSpec) {}

  /** Power drawn now, W; `jitter` in [-1, 1) adds ±1 % so the sensor looks alive. */
  powerW(jitter: number): number {
    return this.on ? this.spec.powerW * (1 + 0.01 * jitter) : 0;
  }
}

/** The status LED (an HA light with rgb colour mode). */
export class SimLight {
  on = false;
  rgbColor: [number, number, number] = [255, 255, 255];
  /** HA brightness 0..255. */
  brightness = 255;

  attributes(): Record<string, unknown> {
    return {
      supported_color_modes: ["rgb"],
      color_mode: this.on ? "rgb" : null,
      rgb_color: this.on ? [...this.rgbColor] : null,
      brightness: this.on ? this.brightness : null,
      friendly_name: "Sunshift status",
    };
  }
}
