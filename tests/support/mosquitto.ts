/**
 * A real mosquitto broker for tests, on a free port on 127.0.0.1 (never 1883: a system broker may
 * run there). Temp config: one loopback listener, anonymous access, no persistence, so a
 * `restart()` (same port) loses every retained message like a broker restart without a store.
 * scripts/setup-test-env.sh installs the Debian package; MOSQUITTO_BIN overrides the binary.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Mosquitto {
  readonly port: number;
  /** `mqtt://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the broker (SIGTERM) and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
  /** Stops it and starts a fresh one on the same port (no retained messages survive). */
  restart(): Promise<void>;
  /** Stops the broker and removes its temp directory. */
  dispose(): Promise<void>;
}

/** The mosquitto binary, or null when it is not installed. */
export function mosquittoBinary(): string | null {
  const candidates = [process.env.MOSQUITTO_BIN, "/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto"];
  return candidates.find((p): p is string => p !== undefined && p !== "" && existsSync(p)) ?? null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });
}

async function waitUntilAccepting(port: number, child: ChildProcess, stderr: () => string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}: ${stderr()}`);
    if (await accepts(port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`mosquitto did not accept on 127.0.0.1:${port} within ${timeoutMs} ms: ${stderr()}`);
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Starts mosquitto on a free loopback port and resolves once it accepts connections. */
export async function startMosquitto(): Promise<Mosquitto> {
  const bin = mosquittoBinary();
  if (bin === null) throw new Error("mosquitto not found: run `npm run setup-test-env` (or set MOSQUITTO_BIN)");
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "sunshift-mosquitto-"));
  const conf = join(dir, "mosquitto.conf");
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, "allow_anonymous true", "persistence false", "log_dest stderr", "log_type error", "log_type warning", ""].join("\n"));

  let child: ChildProcess | null = null;
  let log = "";
  const launch = async (): Promise<void> => {
    log = "";
    const proc = spawn(bin, ["-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
    proc.stderr.on("data", (chunk: Buffer) => {
      log += chunk.toString("utf8");
    });
    child = proc;
    await waitUntilAccepting(port, proc, () => log);
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (proc !== null) await exited(proc);
  };
  await launch();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop();
      await launch();
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
