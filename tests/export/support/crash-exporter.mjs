// Child process for crash.test.ts: an exporter (an esbuild bundle of addon/src/export) on a real
// influxd, killed with SIGKILL by the parent. It announces each step on stdout *before* the next
// one starts (synchronous writes): `pushed <k>` after point k is in the spool, `written <n>` when
// InfluxDB acknowledged a batch of n lines, after which the writer hangs, so the kill lands
// between InfluxDB's write and the spool's ack.
// Args: <bundle.cjs> <spool dir> <influx url> <database> <points> <hang after write: 0|1>.
import { writeSync } from "node:fs";
import { createRequire } from "node:module";

const [bundlePath, spoolDir, url, database, pointsArg, hangArg] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { createInfluxExporter, writerFor } = require(bundlePath);
const say = (line) => writeSync(1, `${line}\n`);
const noop = () => undefined;
const clock = { nowMs: () => Date.now() };
const scheduler = {
  setTimeout: (fn, ms) => { const t = setTimeout(fn, ms); return () => clearTimeout(t); },
  setInterval: (fn, ms) => { const t = setInterval(fn, ms); return () => clearInterval(t); },
};
const target = { version: 1, url, database, username: null, password: null };
const real = writerFor(target, 2000);
const writer = {
  target: real.target,
  async write(lines) {
    const outcome = await real.write(lines);
    if (outcome.kind === "written") {
      say(`written ${lines.length}`);
      if (hangArg === "1") await new Promise(noop);
    }
    return outcome;
  },
};
const config = { enabled: true, target, batchSize: 100, flushIntervalMs: 50, spoolMaxBytes: 50 * 1048576 };
const exporter = createInfluxExporter({ config, spoolDir, clock, scheduler, logger: { debug: noop, info: noop, warn: noop, error: noop }, writer });
const T0 = 1_700_000_000_000;
for (let k = 1; k <= Number(pointsArg); k++) {
  exporter.push([{ measurement: "sunshift_reading", tags: { series: "grid_w" }, fields: { value: k }, atMs: T0 + k * 10_000 }]);
  say(`pushed ${k}`);
  if (k % 25 === 0) await new Promise((r) => setTimeout(r, 10));
}
say("done");
await new Promise(noop);
