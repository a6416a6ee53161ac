// Status LED (addon/src/control/led.ts, led-controller.ts): price terciles, the look precedence
// table, the light calls (rgb, brightness, blink effect when the light lists one), and the
// controller writing only when the look changes, against the in-memory HaClient fake.
import { describe, expect, it } from "vitest";
import { parseOptions } from "../../addon/src/config/index.js";
import { createCommandMapper, readSite } from "../../addon/src/devices/index.js";
import { missing, present, silentLogger, type BatteryReadings } from "../../addon/src/domain/index.js";
import { createExecutor } from "../../addon/src/control/executor.js";
import { blinkEffect, ledCommand, ledLook, priceLevel, quantile, withEffect, type LedInput, type LedSettings } from "../../addon/src/control/led.js";
import { createLedController, LED_MIN_DWELL_MS } from "../../addon/src/control/led-controller.js";
import { createStateFeed } from "../../addon/src/control/state-feed.js";
import { FakeHaClient } from "../support/fake-ha-client.js";
import { ManualTime } from "../app/manual-time.js";

const settings: LedSettings = {
  priority: "battery",
  brightnessPct: 40,
  colors: { cheap: [0, 200, 83], normal: [255, 179, 0], expensive: [255, 109, 0], charging: [41, 121, 255], discharging: [170, 0, 255], problem: [255, 0, 0] },
};
// A day of hourly import prices, EUR/kWh: terciles at 0.23667 (pos 3.67) and 0.27333 (pos 7.33).
const day = [0.2, 0.21, 0.22, 0.23, 0.24, 0.25, 0.26, 0.27, 0.28, 0.29, 0.3, 0.31];

function battery(chargeW: number | null, dischargeW: number | null): Pick<BatteryReadings, "chargePowerW" | "dischargePowerW"> {
  const r = (w: number | null) => (w === null ? missing<number>({ kind: "unavailable" }, "sensor.x") : present(w, 0, "sensor.x"));
  return { chargePowerW: r(chargeW), dischargePowerW: r(dischargeW) };
}

describe("price level (terciles of the plan's horizon)", () => {
  it("quantile interpolates between order statistics", () => {
    expect(quantile([4, 1, 3, 2], 0)).toBe(1);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
    expect(quantile([4, 1, 3, 2], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile(day, 1 / 3)).toBeCloseTo(0.23666, 4);
  });
  it.each([
    [0.2, "cheap"],
    [0.23, "cheap"],
    [0.24, "normal"],
    [0.27, "normal"],
    [0.28, "expensive"],
    [0.31, "expensive"],
    [0.5, "expensive"],
  ] as const)("%s EUR/kWh → %s", (now, want) => {
    expect(priceLevel(now, day)).toBe(want);
  });
  it("a flat horizon (fixed tariff) is normal, not cheap", () => {
    expect(priceLevel(0.3, [0.3, 0.3, 0.302])).toBe("normal");
  });
  it("no prices or NaN now → normal", () => {
    expect(priceLevel(0.2, [])).toBe("normal");
    expect(priceLevel(Number.NaN, day)).toBe("normal");
  });
});

describe("look precedence", () => {
  const prices = (now: number): LedInput["prices"] => ({ slotStartMs: 0, nowEurPerKWh: now, horizonEurPerKWh: day });
  const cases: [string, LedInput, LedSettings["priority"], string][] = [
    ["mode off → off, even with a problem", { problem: "meter stale", active: false, battery: battery(0, 0), prices: prices(0.2) }, "battery", "off"],
    ["problem beats everything", { problem: "meter stale", active: true, battery: battery(500, 0), prices: prices(0.2) }, "battery", "problem"],
    ["charging 500 W", { problem: null, active: true, battery: battery(500, 0), prices: prices(0.31) }, "battery", "charging"],
    ["discharging 300 W", { problem: null, active: true, battery: battery(0, 300), prices: prices(0.2) }, "battery", "discharging"],
    ["40 W is idle → price level", { problem: null, active: true, battery: battery(0, 40), prices: prices(0.2) }, "battery", "cheap"],
    ["battery unknown → price level", { problem: null, active: true, battery: battery(null, null), prices: prices(0.31) }, "battery", "expensive"],
    ["priority price ignores the battery", { problem: null, active: true, battery: battery(0, 600), prices: prices(0.25) }, "price", "normal"],
    ["no prices → normal", { problem: null, active: true, battery: battery(0, 0), prices: null }, "battery", "normal"],
  ];
  it.each(cases)("%s", (_n, input, priority, want) => {
    expect(ledLook(input, { priority })).toBe(want);
  });
});

describe("light calls", () => {
  const parsed = parseOptions({});
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const config = parsed.config;
  const toCalls = createCommandMapper(config);

  it("the options' colours reach light.turn_on with rgb_color and brightness_pct", () => {
    expect(config.light.colors.cheap).toEqual([0, 200, 83]);
    expect(toCalls(ledCommand("cheap", config.light, null, 0))).toEqual([
      { domain: "light", service: "turn_on", target: { entity_id: "light.sunshift_status" }, serviceData: { rgb_color: [0, 200, 83], brightness_pct: 40 } },
    ]);
    expect(toCalls(ledCommand("off", config.light, null, 0))).toEqual([{ domain: "light", service: "turn_off", target: { entity_id: "light.sunshift_status" } }]);
  });
  it("a look carries its plan slot, mode off its mode", () => {
    expect(ledCommand("expensive", settings, null, 900_000).reason).toEqual({ kind: "plan", slotStartMs: 900_000, action: "led_expensive" });
    expect(ledCommand("off", settings, null, 900_000).reason).toEqual({ kind: "manual_mode", mode: "off" });
  });
  it("a problem carries its cause as the reason", () => {
    expect(ledCommand("problem", settings, "meter stale", 0).reason).toEqual({ kind: "safe_state", cause: "meter stale" });
  });
  it("blink only when the light lists a blink effect", () => {
    expect(blinkEffect({ effect_list: ["None", "Blink", "Rainbow"] })).toBe("Blink");
    expect(blinkEffect({ effect_list: ["rainbow"] })).toBeNull();
    expect(blinkEffect({ supported_color_modes: ["rgb"] })).toBeNull();
    expect(blinkEffect(undefined)).toBeNull();
    const calls = withEffect(toCalls(ledCommand("problem", config.light, "x", 0)), "Blink");
    expect(calls[0]?.serviceData).toEqual({ rgb_color: [255, 0, 0], brightness_pct: 40, effect: "Blink" });
  });
});

describe("LED controller", () => {
  function setup(attributes: Record<string, unknown> = {}) {
    const parsed = parseOptions({});
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const config = parsed.config;
    const time = new ManualTime(1_750_000_000_000);
    const ha = new FakeHaClient({ nowMs: () => time.nowMs() });
    ha.setState("light.sunshift_status", "off", attributes);
    // The light as HA shows it after a call: brightness 0..255, the rgb colour and effect.
    ha.respondWith((call) => {
      const d = call.serviceData ?? {};
      if (call.service === "turn_off") ha.setState("light.sunshift_status", "off", attributes);
      else ha.setState("light.sunshift_status", "on", { ...attributes, rgb_color: d.rgb_color, brightness: Math.round((Number(d.brightness_pct) * 255) / 100), effect: d.effect });
      return { ok: true, response: null };
    });
    const feed = createStateFeed(ha, ["light.sunshift_status", config.battery.chargePowerEntity, config.battery.dischargePowerEntity], () => undefined);
    feed.start();
    const executor = createExecutor({ ha, toCalls: createCommandMapper(config), logger: silentLogger, dryRun: false, numberTolerance: 5, readBack: { states: feed, scheduler: time, clock: time, timeoutMs: 5000, attempts: 2, backoffBaseMs: 1000, backoffMaxMs: 2000 } });
    let problem: string | null = null;
    let nowPrice = 0.2;
    const led = createLedController({
      entityId: "light.sunshift_status", settings: config.light, states: feed, readSite: (s) => readSite(s, config), toCalls: createCommandMapper(config), executor,
      clock: time, scheduler: time, logger: silentLogger, tickMs: 10_000, problem: () => problem, active: () => true,
      prices: () => ({ slotStartMs: 1_750_000_000_000, nowEurPerKWh: nowPrice, horizonEurPerKWh: day }),
    });
    return { ha, time, led, setProblem: (p: string | null) => (problem = p), setPrice: (p: number) => (nowPrice = p) };
  }

  it("writes once per look change; a problem is shown at once, other changes after the dwell time", async () => {
    const { ha, time, led, setProblem, setPrice } = setup();
    await led.tick();
    await led.tick();
    expect(ha.calls).toHaveLength(1);
    expect(led.shown()).toBe("cheap");
    expect(ha.getState("light.sunshift_status")?.attributes.rgb_color).toEqual([0, 200, 83]);
    setProblem("meter: entity is unavailable");
    await led.tick();
    expect(led.shown()).toBe("problem");
    expect(ha.calls[1]?.serviceData).toEqual({ rgb_color: [255, 0, 0], brightness_pct: 40 });
    setProblem(null);
    setPrice(0.31);
    await led.tick();
    expect(led.shown()).toBe("expensive");
    setPrice(0.2);
    time.advance(LED_MIN_DWELL_MS - 1000);
    await led.tick();
    expect(led.shown()).toBe("expensive");
    time.advance(1000);
    await led.tick();
    expect(led.shown()).toBe("cheap");
    expect(ha.calls).toHaveLength(4);
  });

  it("blinks red when the light offers a blink effect", async () => {
    const { ha, led, setProblem } = setup({ effect_list: ["blink", "colorloop"] });
    setProblem("HA disconnected");
    await led.tick();
    expect(ha.calls[0]?.serviceData).toEqual({ rgb_color: [255, 0, 0], brightness_pct: 40, effect: "blink" });
    expect(led.shown()).toBe("problem");
  });
});
