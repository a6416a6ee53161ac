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
  "plugs.*.name": "give the plug a display name of 1–64 characters",
  "plugs.*.max_starts": "leave it out or allow at least 1 start per day",
  "prices.source": "use one of the listed sources (DOCS.md names the settings each one needs)",
  "prices.entsoe_token": "request a security token from the ENTSO-E Transparency Platform (My Account settings) and paste it",
  "prices.entsoe_area": "use the EIC code of your bidding zone, e.g. 10Y1001A1001A82H for DE-LU",
  "prices.nordpool_config_entry": "copy the config entry id of the Nord Pool integration (Settings → Devices & services)",
  "prices.nordpool_area": "use the delivery area in capitals, e.g. SE3 or NL",
  "prices.currency": "use an ISO 4217 code in capitals, e.g. EUR",
  "prices.tou_bands": "add at least one band with from, to and price_eur_per_kwh",
  "prices.tou_bands.*.from": 'write it as "HH:MM", e.g. "07:00"',
  "prices.tou_bands.*.to": 'write it as "HH:MM", e.g. "22:00"',
  "prices.octopus_product": "copy the product code from your Octopus tariff, e.g. AGILE-FLEX-22-11-25",
  "prices.octopus_tariff": "copy the tariff code, e.g. E-1R-AGILE-FLEX-22-11-25-C",
  "prices.export_mode": "use fixed (a feed-in tariff) or spot (a share of the spot price)",
  "prices.feed_in_eur_per_kwh": "set your feed-in tariff in EUR per kWh, e.g. 0.08 (0 if you are not paid)",
  "prices.max_age_h": "set 1 to 72 hours (36 keeps yesterday's day-ahead prices usable)",
  "pv_forecast.source": "use one of the listed PV forecast sources, or none",
  "pv_forecast.latitude": "give the site's latitude in degrees (-90 to 90), or leave it out to use Home Assistant's",
  "pv_forecast.longitude": "give the site's longitude in degrees (-180 to 180), or leave it out to use Home Assistant's",
  "pv_forecast.planes": "list 1 to 4 planes, each with tilt_deg, azimuth_deg and peak_power_w",
  "pv_forecast.planes.*.tilt_deg": "set the panel tilt from 0 (flat) to 90 (vertical) degrees",
  "pv_forecast.planes.*.azimuth_deg": "set the direction the panels face, 0–360 degrees (180 = south)",
  "pv_forecast.planes.*.peak_power_w": "set the plane's peak power in W (sum of the panels' Wp)",
  "pv_forecast.forecast_solar_api_key": "paste your Forecast.Solar API key, or leave it out for the public API",
  "pv_forecast.solcast_entities": "use the Solcast integration's forecast sensors (sensor.solcast_pv_forecast_forecast_today, …)",
  "pv_forecast.solcast_entities.*": "use a sensor.* entity of the Solcast integration",
  "pv_forecast.refresh_min": "set 5 to 360 minutes (the public Forecast.Solar API allows 12 calls an hour)",
  "pv_forecast.max_age_h": "set 1 to 48 hours",
  "influxdb.url": "give the InfluxDB address as http(s)://host:port, e.g. http://a0d7b954-influxdb:8086",
  "influxdb.password": "set the InfluxDB 1 password as text (quote it in YAML if it looks like a number)",
  "influxdb.api_token": "paste an InfluxDB 2 API token with write access to the bucket (as text)",
  "storage.raw_retention_days": "set 1 to 365 days (aggregates are kept longer)",
  data_dir: "give a writable directory for the database, or leave it out for .sunshift-data",
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
