/** Small pure parts of the HA adapter: WebSocket URLs, error mapping, version check. */
import { describe, expect, it } from "vitest";
import { TransientError } from "../../addon/src/domain/index.js";
import { serviceFailure, wsUrlFor } from "../../addon/src/ha/index.js";
import { atLeastVersion, openHaSocket } from "../../addon/src/ha/socket.js";
import { realScheduler } from "../sim/helpers.js";
import { startFakeServer, startMuteTcpServer } from "./fake-servers.js";

describe("wsUrlFor", () => {
  it.each([
    ["http://supervisor/core", "ws://supervisor/core/websocket"],
    ["http://homeassistant.local:8123", "ws://homeassistant.local:8123/api/websocket"],
    ["https://ha.example.org/", "wss://ha.example.org/api/websocket"],
    ["http://127.0.0.1:40123", "ws://127.0.0.1:40123/api/websocket"],
  ])("%s → %s", (base, ws) => {
    expect(wsUrlFor(base)).toBe(ws);
  });
});

describe("serviceFailure", () => {
  it.each([
    [{ code: "not_found", message: "Action a.b not found." }, { ok: false, code: "not_found", message: "Action a.b not found." }],
    [{ type: "result", success: false, error: { code: 3, message: "Connection lost" } }, { ok: false, code: "connection_lost", message: "Connection lost" }],
    [3, { ok: false, code: "connection_lost", message: "home-assistant-js-websocket error 3" }],
    [{ code: 7, message: "?" }, { ok: false, code: "haws_7", message: "?" }],
    [new Error("boom"), { ok: false, code: "unknown_error", message: "boom" }],
    ["weird", { ok: false, code: "unknown_error", message: "weird" }],
  ])("%j", (err, expected) => {
    expect(serviceFailure(err)).toEqual(expected);
  });
});

describe("atLeastVersion (supported_features needs HA ≥ 2022.9)", () => {
  it.each([
    ["2022.9.0", true], ["2022.8.7", false], ["2021.12.1", false], ["2025.10.4", true], ["dev", true],
  ])("%s → %s", (v, ok) => {
    expect(atLeastVersion(v, 2022, 9)).toBe(ok);
  });
});

describe("openHaSocket timeouts (half-open connections)", () => {
  const open = (url: string): Promise<unknown> =>
    openHaSocket({ wsUrl: wsUrlFor(url), token: "t", scheduler: realScheduler, handshakeTimeoutMs: 150, authTimeoutMs: 150, supportedFeatures: false });

  it("gives up when the WebSocket handshake never completes", async () => {
    const mute = await startMuteTcpServer();
    try {
      const err = await open(mute.url).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(TransientError);
      expect((err as Error).message).toBe("no WebSocket handshake within 150 ms");
    } finally {
      await mute.close();
    }
  });

  it("gives up when auth_ok never comes", async () => {
    const fake = await startFakeServer({ silentAuth: true });
    try {
      const err = await open(fake.url).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(TransientError);
      expect((err as Error).message).toBe("no auth_ok within 150 ms");
    } finally {
      await fake.close();
    }
  });

  it("reports a refused connection as transient", async () => {
    const err = await open("http://127.0.0.1:1").then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
  });
});
