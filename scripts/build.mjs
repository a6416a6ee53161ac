// Builds the add-on service and the CLI into one ES module each (dependencies stay in
// node_modules: better-sqlite3 is native and highs loads its own WebAssembly file), the
// benchmark runner, and the Lovelace card into one self-contained browser module.
import { build } from "esbuild";
import { existsSync } from "node:fs";

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

const jobs = [build({ ...node, entryPoints: ["addon/src/cli/main.ts"], outfile: "dist/sunshift.mjs" })];
if (existsSync("bench/run.ts")) jobs.push(build({ ...node, entryPoints: ["bench/run.ts"], outfile: "dist/bench.mjs" }));
if (existsSync("lovelace-card/src/sunshift-card.ts")) {
  jobs.push(
    build({
      entryPoints: ["lovelace-card/src/sunshift-card.ts"],
      outfile: "dist/sunshift-card.js",
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2021",
      minify: true,
      legalComments: "eof",
      logLevel: "warning",
    }),
  );
}
await Promise.all(jobs);
