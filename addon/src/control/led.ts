import type { BatteryReadings, Command, ServiceCall } from "../domain/index.js";

/**
 * The status LED (issue 5 §4), pure: which look says the most important thing now, and the
 * light calls for it. Precedence: a problem first; then, with priority `battery`, charging or
 * discharging; then the price level of now within the plan's horizon (cheap / normal /
 * expensive by terciles). Mode off turns the light off.
 */
export const LED_LOOKS = ["problem", "charging", "discharging", "cheap", "normal", "expensive", "off"] as const;
export type LedLook = (typeof LED_LOOKS)[number];

export type Rgb = readonly [number, number, number];

export interface LedSettings {
  /** `battery`: charging/discharging before the price level; `price`: the price level only. */
  readonly priority: "battery" | "price";
  readonly brightnessPct: number;
  readonly colors: Readonly<Record<Exclude<LedLook, "off">, Rgb>>;
}

export interface LedInput {
  /** The active safety cause, or null. */
  readonly problem: string | null;
  /** False while Sunshift is hands-off (mode off). */
  readonly active: boolean;
  readonly battery: Pick<BatteryReadings, "chargePowerW" | "dischargePowerW">;
  /** Import price now (of the slot starting at `slotStartMs`) and over the plan's horizon, EUR/kWh; null without prices. */
  readonly prices: { readonly slotStartMs: number; readonly nowEurPerKWh: number; readonly horizonEurPerKWh: readonly number[] } | null;
}

/** Battery power below this counts as idle, W (standby draw and sensor noise). */
export const LED_BATTERY_IDLE_W = 50;
/** A horizon whose prices differ by less than this is flat: always `normal`, EUR/kWh. */
export const FLAT_SPREAD_EUR_PER_KWH = 0.005;

export type PriceLevel = "cheap" | "normal" | "expensive";

/** Quantile q ∈ [0, 1] of `values` (linear interpolation between order statistics). Precondition: non-empty. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (b - a) * (pos - lo);
}

/** Cheap at or below the lower tercile of the horizon, expensive at or above the upper one. */
export function priceLevel(nowEurPerKWh: number, horizonEurPerKWh: readonly number[]): PriceLevel {
  const finite = horizonEurPerKWh.filter(Number.isFinite);
  if (finite.length === 0 || !Number.isFinite(nowEurPerKWh)) return "normal";
  if (Math.max(...finite) - Math.min(...finite) < FLAT_SPREAD_EUR_PER_KWH) return "normal";
  if (nowEurPerKWh <= quantile(finite, 1 / 3)) return "cheap";
  if (nowEurPerKWh >= quantile(finite, 2 / 3)) return "expensive";
  return "normal";
}

function batteryLook(battery: LedInput["battery"]): LedLook | null {
  const chg = battery.chargePowerW;
  const dis = battery.dischargePowerW;
  const netW = (dis.ok ? dis.value : 0) - (chg.ok ? chg.value : 0);
  if (netW <= -LED_BATTERY_IDLE_W) return "charging";
  if (netW >= LED_BATTERY_IDLE_W) return "discharging";
  return null;
}

/** The look for now. Pure. */
export function ledLook(input: LedInput, settings: Pick<LedSettings, "priority">): LedLook {
  if (!input.active) return "off";
  if (input.problem !== null) return "problem";
  const fromBattery = settings.priority === "battery" ? batteryLook(input.battery) : null;
  if (fromBattery !== null) return fromBattery;
  return input.prices === null ? "normal" : priceLevel(input.prices.nowEurPerKWh, input.prices.horizonEurPerKWh);
}

/**
 * The `light_set` command for a look. The reason says why: the problem's cause, mode off, or the
 * look of the plan slot starting at `slotStartMs`.
 */
export function ledCommand(look: LedLook, settings: LedSettings, problem: string | null, slotStartMs: number): Command {
  if (look === "off") return { kind: "light_set", on: false, rgbColor: [0, 0, 0], brightnessPct: 0, reason: { kind: "manual_mode", mode: "off" } };
  const reason = look === "problem" ? { kind: "safe_state" as const, cause: problem ?? "problem" } : { kind: "plan" as const, slotStartMs, action: `led_${look}` };
  return { kind: "light_set", on: true, rgbColor: settings.colors[look], brightnessPct: settings.brightnessPct, reason };
}

/**
 * The light's blink effect if it has one: HA lists effects in the `effect_list` attribute
 * (names vary: "blink", "Blink"…). null when the light has no such effect.
 */
export function blinkEffect(attributes: Readonly<Record<string, unknown>> | undefined): string | null {
  const list = attributes?.effect_list;
  if (!Array.isArray(list)) return null;
  const found = list.find((e): e is string => typeof e === "string" && e.toLowerCase() === "blink");
  return found ?? null;
}

/** Adds `effect` to the turn_on calls (a problem blinks when the light can). */
export function withEffect(calls: readonly ServiceCall[], effect: string | null): readonly ServiceCall[] {
  if (effect === null) return calls;
  return calls.map((c) => (c.domain === "light" && c.service === "turn_on" ? { ...c, serviceData: { ...c.serviceData, effect } } : c));
}
