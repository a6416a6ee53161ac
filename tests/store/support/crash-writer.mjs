// Child process for crash.test.ts: writes through the real store (an esbuild bundle of
// addon/src/store) and announces each step on stdout *before* it starts it, so the parent can
// SIGKILL it while that step's transaction is running. Lines: `<phase> <k> <last atMs>` with
// phase flushing | flushed | maintaining. Args: <bundle.cjs> <db path> <first atMs> <batch>.
import { writeSync } from "node:fs";
import { createRequire } from "node:module";

const [bundlePath, dbPath, firstArg, batchArg] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { openHistoryStore } = require(bundlePath);
const noop = () => undefined;
const store = openHistoryStore({
  path: dbPath,
  logger: { debug: noop, info: noop, warn: noop, error: noop },
  rollupDelayMs: 0,
});
// Synchronous writes: the parent sees each line before the step it announces begins.
const say = (line) => writeSync(1, `${line}\n`);

const batch = Number(batchArg);
let next = Number(firstArg);
for (let k = 1; ; k++) {
  const samples = [];
  for (let i = 0; i < batch; i++, next++) {
    samples.push({ series: "grid_w", atMs: next, value: next % 1000 });
    samples.push({ series: "load_w", atMs: next, value: -(next % 1000) });
  }
  store.append(samples);
  say(`flushing ${k} ${next - 1}`);
  const r = store.flush(next);
  if (!r.ok) throw new Error(r.error);
  say(`flushed ${k} ${next - 1}`);
  if (k % 3 === 0) {
    say(`maintaining ${k} ${next - 1}`);
    store.maintain(next);
    store.savePlanRun({ schemaVersion: 1, generatedAtMs: next, input: { k }, result: { ok: true } });
    store.setSetting("flushes", k);
  }
}
