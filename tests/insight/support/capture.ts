// A writable stream that keeps what a command writes, for asserting on stdout/stderr.
import { Writable } from "node:stream";

export interface Captured {
  readonly stream: Writable;
  text(): string;
}

export function capture(): Captured {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}
