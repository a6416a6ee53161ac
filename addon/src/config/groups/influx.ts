import { z } from "zod";
import { digitsToNumber, intIn } from "../fields.js";

/** A text field cleared in the UI arrives as "" or blanks: that means "not set". */
function blankIsUnset(value: unknown): unknown {
  return typeof value === "string" && value.trim() === "" ? undefined : value;
}

const optionalText = (schema: z.ZodString) => z.preprocess(blankIsUnset, schema.optional()).optional();

/** http(s)://host[:port][/path], no credentials in it (they have their own options). */
export const INFLUX_URL = /^https?:\/\/[^\s/@]+(\/\S*)?$/;
/** Database and bucket names: no blanks or quotes, so they are safe in a URL and in InfluxQL. */
export const INFLUX_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

const url = z
  .string()
  .regex(INFLUX_URL, { error: "must be an http(s) URL like http://a0d7b954-influxdb:8086, without user name or password in it", abort: true })
  .refine((v) => URL.canParse(v), "must be a valid URL")
  .default("http://a0d7b954-influxdb:8086");

/**
 * `influxdb`: optional export of readings, plans and decisions (off by default). Version 1 is
 * InfluxDB 1.x (the HA InfluxDB add-on is 1.8): `database`, `username`, `password`. Version 2:
 * `org`, `bucket`, `api_token`. Points wait in a disk spool of at most `spool_max_mb` while
 * InfluxDB is away.
 */
export const influxOptions = z
  .strictObject({
    enabled: z.boolean().default(false),
    version: z.preprocess(digitsToNumber, z.literal([1, 2])).default(1),
    url,
    database: z.string().regex(INFLUX_NAME, "must be a database name of letters, digits, '_', '.', '-'").default("sunshift"),
    username: optionalText(z.string().max(256)),
    password: optionalText(z.string().max(256)),
    org: optionalText(z.string().max(256)),
    bucket: z.string().regex(INFLUX_NAME, "must be a bucket name of letters, digits, '_', '.', '-'").default("sunshift"),
    api_token: optionalText(z.string().max(1024)),
    batch_size: intIn(1, 5000, 500),
    flush_interval_s: intIn(1, 3600, 10),
    /** At most one reading per series per this many seconds (0 = every reading). */
    readings_interval_s: intIn(0, 3600, 10),
    spool_max_mb: intIn(1, 2048, 50),
  })
  .superRefine((o, ctx) => {
    if (!o.enabled || o.version !== 2) return;
    for (const key of ["org", "api_token"] as const) {
      if (o[key] === undefined) ctx.addIssue({ code: "custom", path: [key], input: o[key], message: "is required for InfluxDB 2 (version: 2)" });
    }
  })
  .transform((o) => ({
    enabled: o.enabled,
    target: targetOf(o),
    batchSize: o.batch_size,
    flushIntervalMs: o.flush_interval_s * 1000,
    readingsIntervalMs: o.readings_interval_s * 1000,
    spoolMaxBytes: o.spool_max_mb * 1_048_576,
  }));

/** Where points go: a discriminated union on the API version. */
export type InfluxTarget =
  | { readonly version: 1; readonly url: string; readonly database: string; readonly username: string | null; readonly password: string | null }
  | { readonly version: 2; readonly url: string; readonly org: string; readonly bucket: string; readonly apiToken: string };

function targetOf(o: {
  version: 1 | 2;
  url: string;
  database: string;
  username?: string | undefined;
  password?: string | undefined;
  org?: string | undefined;
  bucket: string;
  api_token?: string | undefined;
}): InfluxTarget {
  if (o.version === 2) return { version: 2, url: o.url, org: o.org ?? "", bucket: o.bucket, apiToken: o.api_token ?? "" };
  return { version: 1, url: o.url, database: o.database, username: o.username ?? null, password: o.password ?? null };
}

export type InfluxConfig = z.output<typeof influxOptions>;
