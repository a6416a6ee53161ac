// A fake Supervisor on 127.0.0.1: answers GET /services/mqtt with whatever the test set, and
// records each request (method, path, Authorization header).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeSupervisor {
  readonly url: string;
  readonly requests: { method: string; path: string; authorization: string | undefined }[];
  /** The next answers: status and body (an object is sent as JSON, a string as is). */
  respond(status: number, body: unknown): void;
  close(): Promise<void>;
}

export async function startFakeSupervisor(): Promise<FakeSupervisor> {
  let answer: { status: number; body: unknown } = { status: 500, body: "not set" };
  const requests: FakeSupervisor["requests"] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization });
    const body = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond(status, body) {
      answer = { status, body };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => {
          if (e) reject(e);
          else resolve();
        });
      }),
  };
}
