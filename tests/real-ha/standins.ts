/**
 * The test home inside a real HA Core: template and input entities standing in for the Shelly
 * Pro 3EM, the SolarFlow 800 Pro (as Zendure-HA exposes it, DEVICES.md §1.4), a Shelly plug and
 * the status light, plus the Sunshift options that point at them.
 *
 * The stand-ins keep a tiny physics so Sunshift's fast loop acts on real HA state:
 *   AC output = output limit in `output` mode, AC input = input limit in `input` mode,
 *   grid = house load + plug − AC output + AC input (W, + import),
 *   discharge = max(0, AC output − PV), charge = max(0, PV − AC output) + AC input.
 * The meter is a trigger-based template that re-renders every 2 s with a fresh `sampled_at`
 * attribute, like a real meter pushing updates, so its reading never goes stale by itself.
 */

/** Entity ids Sunshift is pointed at (deliberately not its defaults). */
export const STANDIN = {
  grid: "sensor.standin_grid_power",
  importEnergy: "sensor.standin_import_energy",
  exportEnergy: "sensor.standin_export_energy",
  soc: "sensor.standin_soc",
  pv: "sensor.standin_pv_power",
  charge: "sensor.standin_charge_power",
  discharge: "sensor.standin_discharge_power",
  acOutput: "sensor.standin_ac_output_power",
  acInput: "sensor.standin_ac_input_power",
  outputLimit: "number.standin_output_limit",
  inputLimit: "number.standin_input_limit",
  minSoc: "number.standin_min_soc",
  maxSoc: "number.standin_soc_set",
  acMode: "select.standin_ac_mode",
  plugSwitch: "switch.standin_dishwasher",
  plugPower: "sensor.standin_dishwasher_power",
  light: "light.standin_status",
} as const;

/** The helpers the stand-ins read and write; tests set the house load and PV through them. */
export const INPUT = {
  houseLoad: "input_number.standin_house_load",
  pv: "input_number.standin_pv",
  soc: "input_number.standin_soc",
  outputLimit: "input_number.standin_output_limit",
  inputLimit: "input_number.standin_input_limit",
  acMode: "input_select.standin_ac_mode",
  plug: "input_boolean.standin_dishwasher",
  light: "input_boolean.standin_light",
  lightLevel: "input_number.standin_light_level",
  lightRgb: "input_text.standin_light_rgb",
} as const;

/** Initial values: an evening with 350 W of load, no PV, battery at 62 %. */
export const INITIAL = { houseLoadW: 350, pvW: 0, socPct: 62, plugW: 600 } as const;

const st = (id: string): string => `states('${id}') | float(0)`;
const acOut = `(${st(INPUT.outputLimit)} if is_state('${INPUT.acMode}', 'output') else 0)`;
const acIn = `(${st(INPUT.inputLimit)} if is_state('${INPUT.acMode}', 'input') else 0)`;
const plugW = `(${INITIAL.plugW} if is_state('${INPUT.plug}', 'on') else 0)`;

function inputNumber(min: number, max: number, initial?: number): Record<string, unknown> {
  return { min, max, step: 1, mode: "box", ...(initial === undefined ? {} : { initial }) };
}

const power = (name: string, state: string): Record<string, unknown> => ({ name, unit_of_measurement: "W", device_class: "power", state_class: "measurement", state: `{{ ${state} }}` });

function setNumber(input: string, min: number, max: number, name: string): Record<string, unknown> {
  return {
    name,
    state: `{{ ${st(input)} }}`,
    min,
    max,
    step: 1,
    set_value: [{ service: "input_number.set_value", target: { entity_id: input }, data: { value: "{{ value }}" } }],
  };
}

const onOff = (input: string, on: boolean): Record<string, unknown> => ({ service: on ? "input_boolean.turn_on" : "input_boolean.turn_off", target: { entity_id: input } });

/** The meter: re-rendered every 2 s and on every input change. */
function meter(): Record<string, unknown> {
  const inputs = [INPUT.houseLoad, INPUT.outputLimit, INPUT.inputLimit, INPUT.acMode, INPUT.plug];
  return {
    trigger: [{ platform: "time_pattern", seconds: "/2" }, { platform: "state", entity_id: inputs }, { platform: "homeassistant", event: "start" }],
    sensor: [{ ...power("standin_grid_power", `(${st(INPUT.houseLoad)} + ${plugW} - ${acOut} + ${acIn}) | round(1)`), attributes: { sampled_at: "{{ now().isoformat() }}" } }],
  };
}

/** configuration.yaml entries of the test home (see the module comment). */
export function standInHaConfig(): Record<string, unknown> {
  const energy = (name: string, kWh: number) => ({ name, unit_of_measurement: "kWh", device_class: "energy", state_class: "total_increasing", state: `{{ ${kWh} }}` });
  return {
    input_number: {
      standin_house_load: inputNumber(0, 10_000, INITIAL.houseLoadW),
      standin_pv: inputNumber(0, 2_000, INITIAL.pvW),
      standin_soc: inputNumber(0, 100, INITIAL.socPct),
      standin_output_limit: inputNumber(0, 800),
      standin_input_limit: inputNumber(0, 1_000),
      standin_light_level: inputNumber(0, 255, 0),
    },
    input_boolean: { standin_dishwasher: { initial: false }, standin_light: { initial: false } },
    input_select: { standin_ac_mode: { options: ["output", "input"], initial: "output" } },
    input_text: { standin_light_rgb: { initial: "255,255,255" } },
    template: [
      meter(),
      {
        sensor: [
          energy("standin_import_energy", 1234.5),
          energy("standin_export_energy", 321.25),
          { name: "standin_soc", unit_of_measurement: "%", device_class: "battery", state_class: "measurement", state: `{{ ${st(INPUT.soc)} }}` },
          power("standin_pv_power", st(INPUT.pv)),
          power("standin_ac_output_power", acOut),
          power("standin_ac_input_power", acIn),
          power("standin_discharge_power", `[0, ${acOut} - ${st(INPUT.pv)}] | max`),
          power("standin_charge_power", `[0, ${st(INPUT.pv)} - ${acOut}] | max + ${acIn}`),
          power("standin_dishwasher_power", plugW),
        ],
      },
      {
        number: [
          setNumber(INPUT.outputLimit, 0, 800, "standin_output_limit"),
          setNumber(INPUT.inputLimit, 0, 1000, "standin_input_limit"),
          { name: "standin_min_soc", state: "{{ 10 }}", min: 0, max: 50, step: 1, set_value: [] },
          { name: "standin_soc_set", state: "{{ 100 }}", min: 70, max: 100, step: 1, set_value: [] },
        ],
        select: [
          {
            name: "standin_ac_mode",
            state: `{{ states('${INPUT.acMode}') }}`,
            options: "{{ ['input', 'output'] }}",
            select_option: [{ service: "input_select.select_option", target: { entity_id: INPUT.acMode }, data: { option: "{{ option }}" } }],
          },
        ],
      },
    ],
    switch: [{ platform: "template", switches: { standin_dishwasher: { value_template: `{{ is_state('${INPUT.plug}', 'on') }}`, turn_on: onOff(INPUT.plug, true), turn_off: onOff(INPUT.plug, false) } } }],
    light: [
      {
        platform: "template",
        lights: {
          standin_status: {
            value_template: `{{ is_state('${INPUT.light}', 'on') }}`,
            level_template: `{{ ${st(INPUT.lightLevel)} | int }}`,
            turn_on: onOff(INPUT.light, true),
            turn_off: onOff(INPUT.light, false),
            set_level: [onOff(INPUT.light, true), { service: "input_number.set_value", target: { entity_id: INPUT.lightLevel }, data: { value: "{{ brightness }}" } }],
            rgb_template: `({{ states('${INPUT.lightRgb}') }})`,
            // HA runs one script per turn_on; set_rgb gets `brightness` too when it was given.
            set_rgb: [
              onOff(INPUT.light, true),
              { service: "input_text.set_value", target: { entity_id: INPUT.lightRgb }, data: { value: "{{ r }},{{ g }},{{ b }}" } },
              { service: "input_number.set_value", target: { entity_id: INPUT.lightLevel }, data: { value: `{{ brightness if brightness is defined else states('${INPUT.lightLevel}') }}` } },
            ],
          },
        },
      },
    ],
  };
}

/** Sunshift's options (snake_case, as in /data/options.json) for the stand-ins and the broker. */
export function standInOptions(mqttPort: number | null): Record<string, unknown> {
  return {
    log_level: "debug",
    meter: { grid_power_entity: STANDIN.grid, import_energy_entity: STANDIN.importEnergy, export_energy_entity: STANDIN.exportEnergy },
    battery: {
      control_path: "device",
      soc_entity: STANDIN.soc,
      pv_power_entity: STANDIN.pv,
      charge_power_entity: STANDIN.charge,
      discharge_power_entity: STANDIN.discharge,
      ac_output_power_entity: STANDIN.acOutput,
      ac_input_power_entity: STANDIN.acInput,
      output_limit_entity: STANDIN.outputLimit,
      input_limit_entity: STANDIN.inputLimit,
      ac_mode_entity: STANDIN.acMode,
      min_soc_entity: STANDIN.minSoc,
      max_soc_entity: STANDIN.maxSoc,
    },
    plugs: [{ id: "dishwasher", name: "Dishwasher", switch_entity: STANDIN.plugSwitch, power_entity: STANDIN.plugPower, power_w: INITIAL.plugW, run_minutes: 60, earliest: "00:00", latest: "23:59" }],
    light: { entity: STANDIN.light },
    control: { mode: "self_consumption", min_write_interval_s: 2 },
    prices: { source: "fixed" },
    pv_forecast: { source: "none", fallback: "none" },
    ...(mqttPort === null ? {} : { mqtt: { host: "127.0.0.1", port: mqttPort } }),
  };
}
