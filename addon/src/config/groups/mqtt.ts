import { z } from "zod";

/** A text field cleared in the UI may arrive as "": that means "not set", not "empty host". */
function optionalText<T extends z.ZodType<string | undefined>>(schema: T) {
  return z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema).optional();
}

/**
 * `mqtt`: broker override. When `host` is unset inside the add-on, credentials come from the
 * Supervisor (`/services/mqtt`); see supervisor-mqtt.ts.
 */
export const mqttOptions = z
  .strictObject({
    host: optionalText(z.string().max(253).regex(/^[^\s/:]+$/, "must be a host name or IP address without scheme or port").optional()),
    port: z.int().min(1).max(65535).optional(),
    username: optionalText(z.string().optional()),
    password: optionalText(z.string().optional()),
    discovery_prefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, "must be an MQTT topic prefix without wildcards or leading/trailing '/'")
      .default("homeassistant"),
  })
  .transform((o) => ({
    host: o.host ?? null,
    port: o.port ?? null,
    username: o.username ?? null,
    password: o.password ?? null,
    discoveryPrefix: o.discovery_prefix,
  }));

export type MqttOptionsConfig = z.output<typeof mqttOptions>;
