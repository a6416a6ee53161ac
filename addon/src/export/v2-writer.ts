import { HttpError, InfluxDB } from "@influxdata/influxdb-client";
import { errorText, outcomeOfStatus, scrubbed, secretScrubber, thrownMessage, type InfluxWriter, type WriteOutcome } from "./writer.js";

/**
 * InfluxDB 2.x through the official client's WriteApi (`POST /api/v2/write?org=…&bucket=…&
 * precision=ms`, `Authorization: Token …`). The client's own batching and retry are switched
 * off (one WriteApi per batch, maxRetries 0, a failure handler that turns every failure into a
 * rejected flush): the exporter's spool decides what is retried, and when.
 */
export interface V2WriterOptions {
  readonly url: string;
  readonly org: string;
  readonly bucket: string;
  readonly token: string;
  /** Per request, ms. */
  readonly timeoutMs: number;
}

export function createV2Writer(opts: V2WriterOptions): InfluxWriter {
  const influx = new InfluxDB({ url: opts.url, token: opts.token, timeout: opts.timeoutMs });
  const scrub = secretScrubber([opts.token]);
  return {
    target: `${opts.url} org ${opts.org} bucket ${opts.bucket}`,
    async write(lines): Promise<WriteOutcome> {
      const api = influx.getWriteApi(opts.org, opts.bucket, "ms", {
        batchSize: lines.length + 1,
        flushInterval: 0,
        maxRetries: 0,
        maxBufferLines: lines.length + 1,
        writeFailed: (error: Error) => Promise.reject(error),
      });
      api.writeRecords([...lines]);
      try {
        await api.close();
        return { kind: "written" };
      } catch (err) {
        return scrubbed(outcomeOfError(err), scrub);
      }
    },
  };
}

function outcomeOfError(err: unknown): WriteOutcome {
  if (err instanceof HttpError) return outcomeOfStatus(err.statusCode, errorText(err.body ?? err.message));
  return { kind: "failed", cause: "unreachable", status: null, message: thrownMessage(err) };
}
