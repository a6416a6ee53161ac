import { z } from "zod";
import { whenValid } from "./fields.js";
import { batteryOptions } from "./groups/battery.js";
import { controlOptions } from "./groups/control.js";
import { lightOptions } from "./groups/light.js";
import { meterOptions } from "./groups/meter.js";
import { mqttOptions } from "./groups/mqtt.js";
import { plannerOptions } from "./groups/planner.js";
import { plugsOptions } from "./groups/plugs.js";
import { storageOptions } from "./groups/storage.js";
import { cardOptions } from "./groups/card.js";
import { tariffsOptions } from "./groups/tariffs.js";
import { influxOptions } from "./groups/influx.js";
import { priceOptions, pvForecastOptions } from "../sources/options.js";

export const LOG_LEVELS = ["debug", "info", "warning", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Option groups, one file each. Adding a group (prices, forecast, …) is one line here plus its
 * file; each group turns its snake_case options into a camelCase object itself.
 */
const groups = {
  meter: meterOptions.prefault({}),
  battery: batteryOptions.prefault({}),
  plugs: plugsOptions.default([]),
  light: lightOptions.prefault({}),
  control: controlOptions.prefault({}),
  planner: plannerOptions.prefault({}),
  mqtt: mqttOptions.prefault({}),
  storage: storageOptions.prefault({}),
  card: cardOptions.prefault({}),
  influxdb: influxOptions.prefault({}),
  prices: priceOptions.prefault({}),
  pv_forecast: pvForecastOptions.prefault({}),
  tariffs: tariffsOptions.prefault({}),
};

/**
 * Keys only a standalone config file may set (outside Home Assistant); they are not in
 * config.yaml because inside the add-on the Supervisor provides them.
 */
export const STANDALONE_KEYS = ["ha_url", "ha_token", "data_dir"] as const;

const standalone = {
  ha_url: z.url({ protocol: /^(https?|wss?)$/, error: "must be an http(s) or ws(s) URL like http://homeassistant.local:8123" }).optional(),
  ha_token: z.string().min(20, "must be a long-lived access token (Profile → Security in Home Assistant)").optional(),
  data_dir: z.string().min(1).optional(),
};

/**
 * THE schema of the add-on options: exactly the shape of the Supervisor's /data/options.json
 * (plus the standalone keys), defaults included, parsed into the camelCase `Config`.
 * Cross-group rules run once the fields they compare are valid.
 */
export const optionsSchema = z
  .strictObject({
    log_level: z.enum(LOG_LEVELS).default("info"),
    ...groups,
    ...standalone,
  })
  .superRefine((o, ctx) => {
    const { socMinPct, socMaxPct } = o.battery;
    const reserve = o.control.reserveSocPct;
    if (reserve < socMinPct || reserve > socMaxPct) {
      ctx.addIssue({
        code: "custom",
        path: ["control", "reserve_soc_pct"],
        input: reserve,
        message: `must lie between battery.soc_min_pct (${socMinPct}) and battery.soc_max_pct (${socMaxPct})`,
      });
    }
  }, { when: whenValid(["battery"], ["control"]) })
  .transform((o) => ({
    logLevel: o.log_level,
    meter: o.meter,
    battery: o.battery,
    plugs: o.plugs,
    light: o.light,
    control: o.control,
    planner: o.planner,
    mqtt: o.mqtt,
    storage: o.storage,
    card: o.card,
    influxdb: o.influxdb,
    prices: o.prices,
    pvForecast: o.pv_forecast,
    tariffs: o.tariffs,
    standalone: { haUrl: o.ha_url ?? null, haToken: o.ha_token ?? null, dataDir: o.data_dir ?? null },
  }));

/** The parsed add-on options: camelCase, units in names, defaults applied. */
export type Config = z.output<typeof optionsSchema>;
/** What a user may write (snake_case, everything with a default optional). */
export type OptionsInput = z.input<typeof optionsSchema>;
