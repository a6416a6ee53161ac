import type { DiscoveryMessage } from "./discovery.js";
import { ownConfigObjectId, type Topics } from "./topics.js";

/**
 * What the broker holds of our retained discovery configs (STYLE.md P11, as Z2M's `discover`):
 * learned by a brief scan of `<prefix>/+/+/config` at each connect, then only configs whose
 * serialization differs are published, and ours that are no longer wanted are cleared with an
 * empty retained payload. Pure bookkeeping; the bridge does the I/O.
 */
export interface ConfigSync {
  /** Forget what the broker holds: a scan is starting (after a (re)connect). */
  beginScan(): void;
  /** A retained message seen on the config wildcard. Only this install's configs are kept. */
  learn(topic: string, payload: string): void;
  /** Configs to publish (retain, qos 1): missing or changed ones, or all when `force`. Marks them held. */
  pending(force: boolean): readonly { readonly topic: string; readonly payload: string }[];
  /** Our config topics the broker holds that are not wanted any more. Marks them cleared. */
  stale(): readonly string[];
}

function uniqueIdOf(payload: string): string | null {
  try {
    const parsed: unknown = JSON.parse(payload);
    if (typeof parsed !== "object" || parsed === null || !("unique_id" in parsed)) return null;
    return typeof parsed.unique_id === "string" ? parsed.unique_id : null;
  } catch {
    return null;
  }
}

export function createConfigSync(topics: Topics, wanted: readonly DiscoveryMessage[]): ConfigSync {
  const desired = new Map(wanted.map((m) => [m.topic, JSON.stringify(m.payload)]));
  const held = new Map<string, string>();
  return {
    beginScan() {
      held.clear();
    },
    learn(topic, payload) {
      if (ownConfigObjectId(topics, topic) === null) return;
      if (payload === "") {
        held.delete(topic);
        return;
      }
      // Filter by the payload's unique_id too: a topic alone could be someone else's copy.
      const uid = uniqueIdOf(payload);
      if (uid?.startsWith(topics.uniqueIdPrefix) === true) held.set(topic, payload);
    },
    pending(force) {
      const out: { topic: string; payload: string }[] = [];
      for (const [topic, payload] of desired) {
        if (!force && held.get(topic) === payload) continue;
        held.set(topic, payload);
        out.push({ topic, payload });
      }
      return out;
    },
    stale() {
      const out = [...held.keys()].filter((topic) => !desired.has(topic));
      for (const topic of out) held.delete(topic);
      return out;
    },
  };
}
