// Security (issue 8 §5): the ingress API answers only the Supervisor's ingress gateway
// (172.30.32.2) and loopback (HEALTHCHECK, demo), HA-CONVENTIONS §4.2. The refusals are checked
// on the access function (a test cannot send from a non-loopback address on 127.0.0.1); a real
// request from a second loopback address shows the loopback rule end to end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAllowedSource } from "../../addon/src/api/access.js";
import { startApiServer, type ApiServer } from "../../addon/src/api/server.js";
import { StatusBoard } from "../../addon/src/app/status-board.js";
import { silentLogger } from "../../addon/src/domain/index.js";
import { request } from "node:http";

describe("ingress access rule", () => {
  it.each([
    ["172.30.32.2", true],
    ["::ffff:172.30.32.2", true],
    ["127.0.0.1", true],
    ["::ffff:127.0.0.1", true],
    ["127.0.0.2", true],
    ["::1", true],
    ["172.30.32.1", false],
    ["172.30.32.3", false],
    ["172.30.32.20", false],
    ["172.30.33.2", false],
    ["::ffff:172.30.32.1", false],
    ["192.168.1.10", false],
    ["10.0.0.2", false],
    ["0.0.0.0", false],
    ["fe80::1", false],
    ["::", false],
    ["", false],
    [undefined, false],
  ] as const)("%s → %s", (address, allowed) => {
    expect(isAllowedSource(address)).toBe(allowed);
  });
});

describe("the API server applies it", () => {
  let api: ApiServer;
  let refusedLogged = 0;
  beforeAll(async () => {
    const board = new StatusBoard("test", 0);
    api = await startApiServer({
      host: "127.0.0.1",
      port: 0,
      logger: { ...silentLogger, warn: (m) => { if (m === "refused connection") refusedLogged++; } },
      snapshot: () => board.snapshot(0),
    });
  });
  afterAll(async () => {
    await api.close();
  });

  function get(localAddress: string, path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: api.port, path, localAddress }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("answers loopback, including a second loopback address", async () => {
    expect(await get("127.0.0.1", "/healthz")).toBe(200);
    expect(await get("127.0.0.2", "/api/state")).toBe(200);
    expect(refusedLogged).toBe(0);
  });
});
