/**
 * Drives each source through its public `fetch(nowMs)` with a fuzzed payload: HTTP sources get a
 * fake `fetch` (status 200 mostly; 429/500/404 and network errors sometimes), HA sources a
 * FakeHaClient holding the payload as entity attributes or as an action's response.
 */
import fc from "fast-check";
import type { FetchLike } from "../../../addon/src/sources/http.js";
import { FakeHaClient } from "../../support/fake-ha-client.js";

export interface HttpReply {
  readonly status: number;
  readonly body: string;
  readonly retryAfter: string | null;
  readonly networkError: boolean;
}

/** Mostly a 200 with the body; sometimes another status, a Retry-After, a truncated body or a failure. */
export function httpReply(body: fc.Arbitrary<string>): fc.Arbitrary<HttpReply> {
  return fc.record({
    status: fc.oneof({ weight: 8, arbitrary: fc.constant(200) }, { weight: 2, arbitrary: fc.constantFrom(429, 500, 503, 404, 401, 204) }),
    body: fc.oneof({ weight: 9, arbitrary: body }, { weight: 1, arbitrary: body.map((b) => b.slice(0, Math.floor(b.length / 2))) }),
    retryAfter: fc.option(fc.constantFrom("120", "0", "-5", "abc", "1e309", "0.5"), { nil: null }),
    networkError: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  });
}

/** A FetchLike answering every request with `reply`. */
export function fakeFetch(reply: HttpReply): FetchLike {
  return (url) => {
    if (reply.networkError) return Promise.reject(new TypeError(`fetch failed: ${url.slice(0, 20)}`));
    return Promise.resolve({ status: reply.status, headers: { get: (n: string) => (n.toLowerCase() === "retry-after" ? reply.retryAfter : null) }, text: () => Promise.resolve(reply.body) });
  };
}

/** A connected fake HA where `entityId` has the given state and attributes. */
export function haWithEntity(entityId: string, state: string, attributes: unknown, atMs: number): FakeHaClient {
  const ha = new FakeHaClient();
  ha.setState(entityId, state, (attributes !== null && typeof attributes === "object" && !Array.isArray(attributes) ? attributes : { value: attributes }) as Record<string, unknown>, atMs);
  return ha;
}

/** A connected fake HA whose every action answers with `response` (or fails, one case in ten). */
export function haAnswering(response: unknown, fail: boolean): FakeHaClient {
  const ha = new FakeHaClient();
  ha.respondWith(() => (fail ? { ok: false, code: "service_validation_error", message: "no data for this date" } : { ok: true, response }));
  return ha;
}
