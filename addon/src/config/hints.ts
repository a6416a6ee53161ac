/**
 * How to fix each option, by path (`*` = any list index). Data only; issues.ts appends the hint
 * to the problem. Options without an entry get a hint from their key's suffix.
 */
export const OPTION_HINTS: Readonly<Record<string, string>> = {
  "": "the options must be a YAML/JSON mapping of option names to values",
  log_level: "use one of debug, info, warning, error",
  "meter.max_age_s": "set how many seconds a grid reading may be old before Sunshift stops steering (30 is typical)",
  "battery.control_path": "use manager if the Zendure-HA manager drives the hub, device to set the hub's limits directly",
  "battery.capacity_wh": "set it to your usable capacity in Wh",
  "battery.soc_min_pct": "set the lowest state of charge Sunshift may discharge to, below battery.soc_max_pct",
  "battery.soc_max_pct": "set the highest state of charge Sunshift may charge to",
  "battery.max_output_w": "set the inverter's AC output limit (800 for a SolarFlow 800)",
  "battery.max_ac_charge_w": "set the AC charging limit (1000 for a SolarFlow 800 Pro, 0 if it cannot charge from AC)",
  "battery.wear_cost_eur_per_kwh": "set the battery's cost per kWh cycled (price ÷ (capacity × cycles)), e.g. 0.03",
  "battery.terminal_value_eur_per_kwh": "set what a kWh left in the battery at the end of the plan is worth, e.g. 0.10",
  "plugs.*.id": "use a short id such as dishwasher",
  "plugs.*.power_w": "set the appliance's typical power while running, in W",
  "plugs.*.run_minutes": "set how many minutes it must run per day, within earliest–latest",
  "plugs.*.earliest": 'write it as "HH:MM", e.g. "08:00"',
  "plugs.*.latest": 'write it as "HH:MM", e.g. "18:00"',
  "plugs.*.min_on_minutes": "leave it out or set it to at most run_minutes",
  "light.brightness_pct": "set a brightness from 1 to 100",
  "control.mode": "use one of auto, self_consumption, charge, discharge, hold, off",
  "control.reserve_soc_pct": "set a reserve between the battery's minimum and maximum state of charge",
  "planner.horizon_hours": "set 24 to 48 hours",
  "planner.step_minutes": "use 15, 30 or 60",
  "mqtt.host": "leave it empty to use the Mosquitto broker add-on, or give the broker's host name",
  "mqtt.port": "use the broker's port, usually 1883 (8883 with TLS)",
  "mqtt.username": "set the broker user name as text",
  "mqtt.password": "set the broker password as text (quote it in YAML if it looks like a number)",
  "mqtt.discovery_prefix": "keep homeassistant unless you changed it in the MQTT integration",
  ha_url: "set the Home Assistant URL, e.g. http://homeassistant.local:8123",
  ha_token: "create a long-lived access token in your Home Assistant profile",
};

const SUFFIX_HINTS: readonly (readonly [string, string])[] = [
  ["_entity", "use the entity id shown in Home Assistant under Settings → Entities"],
  ["entity", "use the entity id shown in Home Assistant under Settings → Entities"],
  ["_efficiency", "set a fraction such as 0.95"],
  ["_pct", "set a percentage from 0 to 100"],
  ["_w", "set a power in W"],
  ["_s", "set a duration in seconds"],
  ["_minutes", "set a duration in minutes"],
];

/** The fix for the option at `pattern` (dot path with `*` for list indexes). */
export function hintFor(pattern: string): string {
  const exact = OPTION_HINTS[pattern];
  if (exact !== undefined) return exact;
  const leaf = pattern.split(".").pop() ?? pattern;
  for (const [suffix, hint] of SUFFIX_HINTS) if (leaf.endsWith(suffix)) return hint;
  return "see the option's description in DOCS.md";
}
