import { baseUrl, errorText, outcomeOfStatus, scrubbed, secretScrubber, thrownMessage, type InfluxWriter, type WriteOutcome } from "./writer.js";

/**
 * InfluxDB 1.x (the HA InfluxDB add-on is 1.8; Debian ships 1.6): `POST /write?db=…&precision=ms`
 * with line protocol in the body. Credentials go in a Basic Authorization header (never in the
 * URL, so they never reach a log line or an error message).
 */
export interface V1WriterOptions {
  /** e.g. `http://a0d7b954-influxdb:8086`; must not contain credentials. */
  readonly url: string;
  readonly database: string;
  readonly username: string | null;
  readonly password: string | null;
  /** Per request, ms. */
  readonly timeoutMs: number;
  /** For tests; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

export function createV1Writer(opts: V1WriterOptions): InfluxWriter {
  const doFetch = opts.fetch ?? fetch;
  const url = `${baseUrl(opts.url)}/write?${new URLSearchParams({ db: opts.database, precision: "ms" }).toString()}`;
  const headers: Record<string, string> = { "Content-Type": "text/plain; charset=utf-8" };
  const basic = opts.username === null ? null : Buffer.from(`${opts.username}:${opts.password ?? ""}`).toString("base64");
  if (basic !== null) headers.Authorization = `Basic ${basic}`;
  const scrub = secretScrubber([opts.password], basic);
  return {
    target: `${baseUrl(opts.url)} database ${opts.database}`,
    async write(lines): Promise<WriteOutcome> {
      try {
        const res = await doFetch(url, { method: "POST", headers, body: lines.join("\n"), signal: AbortSignal.timeout(opts.timeoutMs) });
        const body = res.status === 204 ? "" : await res.text();
        return scrubbed(outcomeOfStatus(res.status, errorText(body)), scrub);
      } catch (err) {
        return scrubbed({ kind: "failed", cause: "unreachable", status: null, message: thrownMessage(err) }, scrub);
      }
    },
  };
}
