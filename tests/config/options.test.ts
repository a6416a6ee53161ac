// The add-on options schema (addon/src/config): defaults, the camelCase Config, and one clear
// message per invalid option (path, expectation, value, fix), all problems at once.
import { describe, expect, it } from "vitest";
import { batteryModelOf, gridModelOf, parseOptions } from "../../addon/src/config/index.js";

function problemsOf(raw: unknown): readonly string[] {
  const r = parseOptions(raw);
  if (r.ok) throw new Error("expected the options to be rejected");
  return r.problems;
}

const plug = {
  id: "dishwasher",
  name: "Dishwasher",
  switch_entity: "switch.shellyplusplugs_dishwasher",
  power_entity: "sensor.shellyplusplugs_dishwasher_power",
  power_w: 1200,
  run_minutes: 120,
};

describe("defaults", () => {
  it("an empty options object yields the documented defaults in camelCase", () => {
    const r = parseOptions({});
    if (!r.ok) throw new Error(r.problems.join("\n"));
    const c = r.config;
    expect(c.logLevel).toBe("info");
    expect(c.meter).toEqual({
      gridPowerEntity: "sensor.shellypro3em_total_active_power",
      importEnergyEntity: "sensor.shellypro3em_total_active_energy",
      exportEnergyEntity: "sensor.shellypro3em_total_active_returned_energy",
      maxAgeS: 30,
    });
    expect(c.battery.controlPath).toBe("device");
    expect(c.battery.maxOutputW).toBe(800);
    expect(c.battery.maxAcChargeW).toBe(1000);
    expect(c.battery.acModeEntity).toBe("select.solarflow_800_pro_ac_mode");
    expect(c.battery.managerPowerEntity).toBe("number.zendure_manager_manual_power");
    expect(c.plugs).toEqual([]);
    expect(c.light).toMatchObject({ entity: "light.sunshift_status", enabled: true, brightnessPct: 40, priority: "battery" });
    expect(c.light.colors.cheap).toEqual([0, 200, 83]);
    expect(c.control.mode).toBe("auto");
    expect(c.planner).toEqual({ horizonHours: 36, stepMinutes: 15, replanMarginEur: 0.02, timeLimitS: 10, maxImportW: null, maxExportW: 800 });
    expect(c.mqtt).toEqual({ host: null, port: null, username: null, password: null, discoveryPrefix: "homeassistant" });
    expect(c.storage.rawRetentionDays).toBe(14);
    expect(c.standalone).toEqual({ haUrl: null, haToken: null, dataDir: null });
  });

  it("null options (an empty YAML file) are the defaults too", () => {
    expect(parseOptions(null).ok).toBe(true);
  });

  it("a plug gets its window as minutes of the day, wrapping midnight allowed", () => {
    const r = parseOptions({ plugs: [{ ...plug, earliest: "22:00", latest: "06:00", run_minutes: 481 }] });
    if (!r.ok) throw new Error(r.problems.join("\n"));
    expect(r.config.plugs[0]).toMatchObject({ earliestMinuteOfDay: 1320, latestMinuteOfDay: 360, runMinutes: 481, contiguous: true, minOnMinutes: null });
  });

  it("MQTT text fields cleared in the UI (\"\") count as not set", () => {
    const r = parseOptions({ mqtt: { host: "", username: " ", password: "" } });
    expect(r.ok && r.config.mqtt).toEqual({ host: null, port: null, username: null, password: null, discoveryPrefix: "homeassistant" });
  });

  it("step_minutes arrives as a string from the Supervisor's list() type", () => {
    const r = parseOptions({ planner: { step_minutes: "30" } });
    expect(r.ok && r.config.planner.stepMinutes).toBe(30);
  });
});

describe("planner models from the options", () => {
  it("battery and grid models carry the configured values", () => {
    const r = parseOptions({ battery: { capacity_wh: 2880, soc_min_pct: 5, wear_cost_eur_per_kwh: 0.05 }, planner: { max_import_w: 11000, max_export_w: 0 } });
    if (!r.ok) throw new Error(r.problems.join("\n"));
    expect(batteryModelOf(r.config.battery)).toEqual({
      capacityWh: 2880,
      socMinPct: 5,
      socMaxPct: 100,
      maxOutputW: 800,
      maxAcChargeW: 1000,
      maxChargeDcW: 1200,
      maxDischargeDcW: 1200,
      chargeEfficiency: 0.96,
      dischargeEfficiency: 0.96,
      inverterEfficiency: 0.95,
      wearCostEurPerKWh: 0.05,
      terminalValueEurPerKWh: 0.1,
    });
    expect(gridModelOf(r.config.planner)).toEqual({ maxImportW: 11000, maxExportW: 0 });
  });
});

/** [description, options, exact path prefix, what the rest of the message must match]. */
const INVALID: readonly (readonly [string, unknown, string, RegExp])[] = [
  ["negative capacity", { battery: { capacity_wh: -5 } }, "battery.capacity_wh", /^must be > 0 \(got -5\); set it to your usable capacity in Wh$/],
  ["SOC above 100", { battery: { soc_max_pct: 101 } }, "battery.soc_max_pct", /must be ≤ 100 \(got 101\)/],
  ["soc_min not below soc_max", { battery: { soc_min_pct: 90, soc_max_pct: 80 } }, "battery.soc_min_pct", /must be below battery\.soc_max_pct \(80\) \(got 90\)/],
  ["efficiency above 1", { battery: { charge_efficiency: 1.2 } }, "battery.charge_efficiency", /must be ≤ 1 \(got 1\.2\); set a fraction/],
  ["efficiency 0", { battery: { inverter_efficiency: 0 } }, "battery.inverter_efficiency", /must be > 0 \(got 0\)/],
  ["unknown control path", { battery: { control_path: "cloud" } }, "battery.control_path", /must be one of device, manager \(got "cloud"\)/],
  ["grid entity of the wrong domain", { meter: { grid_power_entity: "switch.grid" } }, "meter.grid_power_entity", /must be a sensor\.\* entity id like "sensor\.shellypro3em_total_active_power" \(got "switch\.grid"\); use the entity id/],
  ["entity id with spaces and capitals", { meter: { grid_power_entity: "Sensor.Grid Power" } }, "meter.grid_power_entity", /must be a sensor\.\* entity id/],
  ["fractional seconds", { meter: { max_age_s: 2.5 } }, "meter.max_age_s", /must be a whole number \(got 2\.5\)/],
  ["number given as text", { meter: { max_age_s: "30" } }, "meter.max_age_s", /must be a number \(got "30"\); set how many seconds/],
  ["unknown log level", { log_level: "verbose" }, "log_level", /must be one of debug, info, warning, error/],
  ["hour 25", { plugs: [{ ...plug, earliest: "25:00" }] }, "plugs[0].earliest", /must be a time of day "HH:MM".*\(got "25:00"\); write it as "HH:MM"/],
  ["time as 8am", { plugs: [{ ...plug, latest: "8am" }] }, "plugs[0].latest", /HH:MM/],
  ["run longer than the window", { plugs: [{ ...plug, earliest: "08:00", latest: "12:00", run_minutes: 600 }] }, "plugs[0].run_minutes", /must fit into the window 08:00–12:00 \(241 min\) \(got 600\)/],
  ["duplicate plug id", { plugs: [plug, { ...plug, switch_entity: "switch.other" }] }, "plugs[1].id", /must be unique \(plugs\[0\] has it too\)/],
  ["plug switch of the wrong domain", { plugs: [{ ...plug, switch_entity: "light.dishwasher" }] }, "plugs[0].switch_entity", /must be a switch\.\* entity id/],
  ["plug power 0", { plugs: [{ ...plug, power_w: 0 }] }, "plugs[0].power_w", /must be > 0 \(got 0\); set the appliance's typical power/],
  ["plug without run_minutes", { plugs: [{ ...plug, run_minutes: undefined }] }, "plugs[0].run_minutes", /^is required; /],
  ["min on time above run time", { plugs: [{ ...plug, min_on_minutes: 200 }] }, "plugs[0].min_on_minutes", /must not exceed run_minutes \(120\) \(got 200\)/],
  ["bad plug id", { plugs: [{ ...plug, id: "Dish Washer" }] }, "plugs[0].id", /lower-case letters/],
  ["brightness 0", { light: { brightness_pct: 0 } }, "light.brightness_pct", /must be ≥ 1 \(got 0\)/],
  ["unknown mode", { control: { mode: "turbo" } }, "control.mode", /must be one of auto, self_consumption, charge, discharge, hold, off \(got "turbo"\)/],
  ["reserve below the battery minimum", { control: { reserve_soc_pct: 5 } }, "control.reserve_soc_pct", /must lie between battery\.soc_min_pct \(10\) and battery\.soc_max_pct \(100\) \(got 5\)/],
  ["dry_run as text", { control: { dry_run: "yes" } }, "control.dry_run", /must be true or false \(got "yes"\)/],
  ["horizon 72 h", { planner: { horizon_hours: 72 } }, "planner.horizon_hours", /must be ≤ 48 \(got 72\); set 24 to 48 hours/],
  ["step 20 min", { planner: { step_minutes: 20 } }, "planner.step_minutes", /must be one of 15, 30, 60 \(got 20\)/],
  ["step \"20\" from the Supervisor", { planner: { step_minutes: "20" } }, "planner.step_minutes", /must be one of 15, 30, 60 \(got 20\)/],
  ["port out of range", { mqtt: { port: 70000 } }, "mqtt.port", /must be ≤ 65535 \(got 70000\)/],
  ["discovery prefix with trailing slash", { mqtt: { discovery_prefix: "homeassistant/" } }, "mqtt.discovery_prefix", /without wildcards/],
  ["host given as URL", { mqtt: { host: "mqtt://broker:1883" } }, "mqtt.host", /without scheme or port/],
  ["ha_url not a URL", { ha_url: "homeassistant" }, "ha_url", /must be an http\(s\) or ws\(s\) URL/],
  ["group given as text", { meter: "sensor.grid" }, "meter", /must be a group of options \(got "sensor\.grid"\)/],
  ["plugs given as a mapping", { plugs: { dishwasher: plug } }, "plugs", /must be a list \(got a group of options\)/],
  ["options not a mapping", [1, 2], "options", /must be a group of options/],
];

describe("invalid options: one clear message naming the option", () => {
  it.each(INVALID)("%s", (_name, raw, path, rest) => {
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem?.startsWith(`${path}: `), problem).toBe(true);
    expect(problem?.slice(path.length + 2)).toMatch(rest);
  });

  it("covers at least 20 kinds", () => {
    expect(INVALID.length).toBeGreaterThanOrEqual(20);
  });
});

describe("all problems at once", () => {
  it("reports every invalid option across groups in one go", () => {
    const problems = problemsOf({
      log_level: "loud",
      meter: { max_age_s: 0 },
      battery: { capacity_wh: 0, soc_max_pct: 150 },
      plugs: [{ ...plug, earliest: "7:00" }],
      control: { deadband_w: -1 },
      planner: { horizon_hours: 12 },
      mqtt: { port: 0 },
      storage: { raw_retention_days: 0 },
      lights: {},
    });
    const paths = problems.map((p) => p.slice(0, p.indexOf(":")));
    expect(paths.sort()).toEqual(
      [
        "log_level",
        "meter.max_age_s",
        "battery.capacity_wh",
        "battery.soc_max_pct",
        "plugs[0].earliest",
        "control.deadband_w",
        "planner.horizon_hours",
        "mqtt.port",
        "storage.raw_retention_days",
        "lights",
      ].sort(),
    );
  });
});

describe("cross-field rules", () => {
  it("a cross-group rule is reported together with errors in other groups", () => {
    const problems = problemsOf({ meter: { max_age_s: 0 }, control: { reserve_soc_pct: 5 } });
    expect(problems.map((p) => p.slice(0, p.indexOf(":")))).toEqual(["meter.max_age_s", "control.reserve_soc_pct"]);
  });

  it("but never compares a value that is itself invalid", () => {
    const problems = problemsOf({ battery: { soc_min_pct: "ten" }, control: { reserve_soc_pct: 5 } });
    expect(problems).toEqual(['battery.soc_min_pct: must be a number (got "ten"); set the lowest state of charge Sunshift may discharge to, below battery.soc_max_pct']);
  });

  it("two invalid plugs are not reported as duplicates of each other", () => {
    const bad = { ...plug, switch_entity: undefined, power_w: -1 };
    const problems = problemsOf({ plugs: [bad, { ...bad, id: "other" }] });
    expect(problems.some((p) => p.includes("unique"))).toBe(false);
    expect(problems.map((p) => p.slice(0, p.indexOf(":")))).toEqual(["plugs[0].switch_entity", "plugs[0].power_w", "plugs[1].switch_entity", "plugs[1].power_w"]);
  });

  it("duplicate switch entities are reported", () => {
    const [p] = problemsOf({ plugs: [plug, { ...plug, id: "second" }] });
    expect(p).toMatch(/^plugs\[1\]\.switch_entity: must be unique \(plugs\[0\] has it too\) \(got "switch\.shellyplusplugs_dishwasher"\)/);
  });
});

describe("unknown keys are reported as likely typos", () => {
  it.each([
    [{ battery: { capcity_wh: 100 } }, 'battery.capcity_wh: unknown option, probably a typo; did you mean "capacity_wh"?'],
    [{ baterry: {} }, 'baterry: unknown option, probably a typo; did you mean "battery"?'],
    [{ plugs: [{ ...plug, power: 5 }] }, 'plugs[0].power: unknown option, probably a typo; did you mean "power_w"?'],
    [{ Log_Level: "info" }, 'Log_Level: unknown option, probably a typo; did you mean "log_level"?'],
    [{ capacity_wh: 2000 }, 'capacity_wh: unknown option here; did you mean "battery.capacity_wh"?'],
  ])("%j", (raw, message) => {
    expect(problemsOf(raw)).toEqual([message]);
  });

  it("a key far from every known one lists what is allowed", () => {
    const [p] = problemsOf({ storage: { zzzzzzzzzz: 1 } });
    expect(p).toBe("storage.zzzzzzzzzz: unknown option; remove it (known here: raw_retention_days)");
  });
});

describe("secrets never appear in messages", () => {
  const secrets = { password: 918273645, token: "short-secret" };
  it("an invalid password or token is named but not echoed", () => {
    const problems = problemsOf({ mqtt: { password: secrets.password }, ha_token: secrets.token });
    expect(problems).toHaveLength(2);
    const text = problems.join("\n");
    expect(text).toContain("mqtt.password: must be text;");
    expect(text).toContain("ha_token: must be a long-lived access token");
    expect(text).not.toContain(String(secrets.password));
    expect(text).not.toContain(secrets.token);
  });

  it("a misspelt password key is reported without its value", () => {
    const text = problemsOf({ mqtt: { pasword: "hunter2-secret" } }).join("\n");
    expect(text).toContain('did you mean "password"');
    expect(text).not.toContain("hunter2-secret");
  });
});
