/**
 * A real InfluxDB 1.x for tests: Debian's `/usr/bin/influxd` (1.6.7) on two free loopback ports
 * (HTTP API and the RPC bind address, which defaults to 8088 and would collide between test
 * files), with a generated TOML config and meta/data/wal directories in a temp dir. `/ping`
 * answering 204 means ready. `stop()` + `start()` keep the same dirs and port, so a restart is an
 * outage the exporter has to ride out, with the data written before it still there.
 * INFLUXD_BIN overrides the binary.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface InfluxServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Whether influxd is running now. */
  running(): boolean;
  /** Starts influxd again on the same port and directories; resolves when /ping answers 204. */
  start(): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. Idempotent. */
  stop(): Promise<void>;
  /** Runs an InfluxQL statement through /query (POST), returns the parsed JSON answer; times as epoch ms. */
  query(q: string, db?: string): Promise<InfluxQueryAnswer>;
  /** Stops influxd and removes the temp directory. */
  dispose(): Promise<void>;
}

export interface InfluxQueryAnswer {
  readonly results: readonly {
    readonly series?: readonly { readonly name: string; readonly columns: readonly string[]; readonly values: readonly (readonly unknown[])[] }[];
    readonly error?: string;
  }[];
}

/** The influxd binary, or null when the Debian package is not installed. */
export function influxdBinary(): string | null {
  const candidates = [process.env.INFLUXD_BIN, "/usr/bin/influxd", "/usr/local/bin/influxd"];
  return candidates.find((p): p is string => p !== undefined && p !== "" && existsSync(p)) ?? null;
}

/** A port the OS just handed out on loopback (closed again, so influxd can bind it). */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, "close");
  return port;
}

function tomlConfig(dir: string, httpPort: number, rpcPort: number): string {
  return [
    "reporting-disabled = true",
    `bind-address = "127.0.0.1:${rpcPort}"`,
    "[meta]",
    `  dir = "${join(dir, "meta")}"`,
    "  logging-enabled = false",
    "[data]",
    `  dir = "${join(dir, "data")}"`,
    `  wal-dir = "${join(dir, "wal")}"`,
    "  query-log-enabled = false",
    "[monitor]",
    "  store-enabled = false",
    "[http]",
    "  enabled = true",
    `  bind-address = "127.0.0.1:${httpPort}"`,
    "  auth-enabled = false",
    "  log-enabled = false",
    "  pprof-enabled = false",
    "[logging]",
    '  level = "warn"',
    "  suppress-logo = true",
    "[continuous_queries]",
    "  enabled = false",
    "",
  ].join("\n");
}

async function pingStatus(url: string): Promise<number | null> {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
    return res.status;
  } catch {
    return null;
  }
}

/** SIGTERM (influxd closes its WAL cleanly), SIGKILL after 5 s. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = once(child, "exit");
  child.kill("SIGTERM");
  const killTimer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await gone;
  clearTimeout(killTimer);
}

/** Starts influxd on free loopback ports and resolves once /ping answers 204. */
export async function startInfluxd(): Promise<InfluxServer> {
  const bin = influxdBinary();
  if (bin === null) throw new Error("influxd not found: install Debian's influxdb package (or set INFLUXD_BIN)");
  const [port, rpcPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), "sunshift-influxd-"));
  const conf = join(dir, "influxdb.conf");
  writeFileSync(conf, tomlConfig(dir, port, rpcPort));
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let log = "";

  const start = async (): Promise<void> => {
    if (child !== null) return;
    log = "";
    const proc = spawn(bin, ["-config", conf], { stdio: ["ignore", "ignore", "pipe"] });
    proc.stderr.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString("utf8")).slice(-4000);
    });
    child = proc;
    const deadline = performance.now() + 15_000;
    while (performance.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`influxd exited with ${proc.exitCode}: ${log}`);
      if ((await pingStatus(url)) === 204) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`influxd did not answer /ping on ${url} within 15 s: ${log}`);
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (proc !== null) await terminate(proc);
  };
  const query = async (q: string, db?: string): Promise<InfluxQueryAnswer> => {
    const body = new URLSearchParams({ q, epoch: "ms", ...(db === undefined ? {} : { db }) });
    const res = await fetch(`${url}/query`, { method: "POST", body });
    const text = await res.text();
    if (!res.ok) throw new Error(`influx /query ${res.status}: ${text}`);
    return JSON.parse(text) as InfluxQueryAnswer;
  };

  await start();
  return {
    port,
    url,
    running: () => child !== null,
    start,
    stop,
    query,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The single value of a one-row answer (e.g. `SELECT count(value) …`), or null when empty. */
export function scalar(answer: InfluxQueryAnswer, column = 1): unknown {
  const series = answer.results[0]?.series?.[0];
  return series?.values[0]?.[column] ?? null;
}

/** Every row of every series of the first statement, as column → value records (series name as `_name`). */
export function rows(answer: InfluxQueryAnswer): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const series of answer.results[0]?.series ?? []) {
    for (const values of series.values) {
      const row: Record<string, unknown> = { _name: series.name };
      series.columns.forEach((column, i) => {
        row[column] = values[i];
      });
      out.push(row);
    }
  }
  return out;
}
