import { z } from "zod";

/**
 * `card`: the Lovelace card. With `register_resource` the add-on registers `resource_url`
 * (plus `?v=<version>`) as a dashboard resource through HA's WebSocket API on start
 * (ha/lovelace-resources.ts); off by default, because it changes the user's dashboards.
 */
export const cardOptions = z
  .strictObject({
    register_resource: z.boolean().default(false),
    resource_url: z
      .string()
      .regex(/^(\/|https?:\/\/)\S+\.js$/, "must be a path like /local/sunshift/sunshift-card.js or an http(s) URL ending in .js")
      .default("/local/sunshift/sunshift-card.js"),
  })
  .transform((o) => ({ registerResource: o.register_resource, resourceUrl: o.resource_url }));

export type CardOptionsConfig = z.output<typeof cardOptions>;
