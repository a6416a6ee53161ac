import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "../domain/index.js";

/**
 * A local MQTT broker for the demo (issue 5 §8), on 127.0.0.1 only: Mosquitto when the Debian
 * package is installed (a child process with a temp config, stopped with the demo), otherwise
 * an embedded aedes broker in this process. Neither keeps anything on disk.
 */

export type BrokerKind = "mosquitto" | "aedes";
export type BrokerChoice = "auto" | BrokerKind;

export interface LocalBroker {
  readonly kind: BrokerKind;
  readonly port: number;
  /** `mqtt://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the broker (idempotent). */
  stop(): Promise<void>;
}

/** Where the Debian package puts the broker. */
export const MOSQUITTO_BIN = "/usr/sbin/mosquitto";
const LOOPBACK = "127.0.0.1";
const START_TIMEOUT_MS = 5000;

/** Which broker `choice` means on this machine; null when Mosquitto was asked for but is missing. */
export function pickBroker(choice: BrokerChoice, mosquittoInstalled: boolean): BrokerKind | null {
  switch (choice) {
    case "auto":
      return mosquittoInstalled ? "mosquitto" : "aedes";
    case "mosquitto":
      return mosquittoInstalled ? "mosquitto" : null;
    case "aedes":
      return "aedes";
  }
}

export interface LocalBrokerOptions {
  readonly choice: BrokerChoice;
  readonly logger: Logger;
  /** Default MOSQUITTO_BIN. */
  readonly mosquittoBin?: string;
}

/** Starts the broker `choice` picks; rejects with the reason when it cannot start. */
export async function startLocalBroker(opts: LocalBrokerOptions): Promise<LocalBroker> {
  const bin = opts.mosquittoBin ?? MOSQUITTO_BIN;
  const kind = pickBroker(opts.choice, existsSync(bin));
  if (kind === null) throw new Error(`mosquitto is not installed at ${bin} (apt-get install mosquitto, or use the embedded broker)`);
  const broker = kind === "mosquitto" ? await startMosquittoBroker(bin) : await startAedesBroker(opts.logger);
  opts.logger.info("local MQTT broker listening", { kind: broker.kind, url: broker.url });
  return broker;
}

/** A port the OS reports free on the loopback interface right now. */
async function unusedLoopbackPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, LOOPBACK);
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, "close");
  return port;
}

/** Waits for Mosquitto's `… running` line (log_type information); rejects with its output if it exits or stays silent. */
async function untilRunning(child: ChildProcess, output: () => string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      finish(new Error(`mosquitto did not start within ${START_TIMEOUT_MS} ms: ${output()}`));
    }, START_TIMEOUT_MS);
    const onData = (): void => {
      if (/ running\b/.test(output())) finish(null);
    };
    const onExit = (code: number | null): void => {
      finish(new Error(`mosquitto exited (${String(code)}): ${output().trim()}`));
    };
    function finish(err: Error | null): void {
      clearTimeout(timer);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
      if (err === null) resolve();
      else reject(err);
    }
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}

/** Mosquitto on a free loopback port, no persistence, anonymous (only loopback can reach it). */
export async function startMosquittoBroker(bin: string): Promise<LocalBroker> {
  const port = await unusedLoopbackPort();
  const dir = mkdtempSync(join(tmpdir(), "sunshift-broker-"));
  const conf = join(dir, "mosquitto.conf");
  writeFileSync(conf, `listener ${port} ${LOOPBACK}\nallow_anonymous true\npersistence false\nlog_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\nlog_type information\n`);
  const child = spawn(bin, ["-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => {
    // Keep only the tail: the broker runs as long as the demo.
    output = (output + chunk.toString("utf8")).slice(-4000);
  });
  const cleanUp = (): void => {
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await untilRunning(child, () => output);
  } catch (err) {
    child.kill("SIGKILL");
    cleanUp();
    throw err;
  }
  // If this process exits without stopping the demo (an uncaught error), take the broker along.
  const onExit = (): void => {
    child.kill("SIGKILL");
  };
  process.once("exit", onExit);
  const stop = async (): Promise<void> => {
    process.off("exit", onExit);
    await stopChild(child, cleanUp);
  };
  return { kind: "mosquitto", port, url: `mqtt://${LOOPBACK}:${port}`, stop };
}

async function stopChild(child: ChildProcess, cleanUp: () => void): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, "exit");
    const hard = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.kill("SIGTERM");
    await exited;
    clearTimeout(hard);
  }
  cleanUp();
}

/** The embedded broker (aedes, a dev dependency: loaded only when asked for). */
export async function startAedesBroker(logger: Logger): Promise<LocalBroker> {
  const { Aedes } = await import("aedes");
  const aedes = await Aedes.createBroker();
  aedes.on("clientError", (client, err) => {
    logger.debug("embedded broker: client error", { client: client.id, error: err.message });
  });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    aedes.handle(socket);
  });
  server.listen(0, LOOPBACK);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | null = null;
  const stop = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      aedes.close(() => {
        resolve();
      });
    });
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  };
  return {
    kind: "aedes",
    port,
    url: `mqtt://${LOOPBACK}:${port}`,
    stop: () => (stopped ??= stop()),
  };
}
