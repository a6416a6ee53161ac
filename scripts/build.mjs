// Builds the add-on service and the CLI into one ES module each (dependencies stay in
// node_modules: better-sqlite3 is native and highs loads its own WebAssembly file), the
// benchmark runner, and the Lovelace card (plus the card demo's shell) into self-contained
// browser modules. `node scripts/build.mjs card` builds only the card and the shell.
import { build } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const node = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __sunshiftCreateRequire } from 'node:module'; const require = __sunshiftCreateRequire(import.meta.url);" },
};

// The card bundle runs the same schema definitions as the add-on (domain/card-payload.ts,
// the card config) on zod/mini: `zod` resolves to lovelace-card/src/zod-classic-on-mini.ts,
// which implements the classic methods those schemas use. Classic zod cannot be tree-shaken
// (every schema carries every method): ≈ 97 KB of the card's 159 KB minified before.
const zodOnMini = {
  name: "zod-classic-on-mini",
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, (args) =>
      args.importer.includes("node_modules") ? undefined : { path: resolve("lovelace-card/src/zod-classic-on-mini.ts") },
    );
  },
};

const version = JSON.parse(readFileSync("package.json", "utf8")).version;
const browser = {
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2021",
  minify: true,
  legalComments: "eof",
  logLevel: "warning",
  plugins: [zodOnMini],
  define: { SUNSHIFT_CARD_VERSION: JSON.stringify(version) },
};

const jobs = [];
const cardOnly = process.argv[2] === "card";
if (!cardOnly) {
  jobs.push(build({ ...node, entryPoints: ["addon/src/cli/main.ts"], outfile: "dist/sunshift.mjs" }));
  // The planning worker thread (system/worker-replanner.ts starts it from beside sunshift.mjs).
  jobs.push(build({ ...node, entryPoints: ["addon/src/system/plan-worker-main.ts"], outfile: "dist/plan-worker.mjs" }));
  if (existsSync("bench/run.ts")) jobs.push(build({ ...node, entryPoints: ["bench/run.ts"], outfile: "dist/bench.mjs" }));
}
if (existsSync("lovelace-card/src/sunshift-card.ts")) {
  jobs.push(build({ ...browser, entryPoints: ["lovelace-card/src/sunshift-card.ts"], outfile: "dist/sunshift-card.js", metafile: true }));
}
if (existsSync("lovelace-card/src/demo/shell.ts")) {
  // The demo shell connects to the simulated home with home-assistant-js-websocket and feeds the card.
  jobs.push(build({ ...browser, entryPoints: ["lovelace-card/src/demo/shell.ts"], outfile: "dist/card-demo-shell.js" }));
}
await Promise.all(jobs);
