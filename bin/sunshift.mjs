#!/usr/bin/env node
// The `sunshift` command: a thin launcher for the bundled CLI (built by `npm install` / `npm run build`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = fileURLToPath(new URL("../dist/sunshift.mjs", import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write("sunshift: dist/sunshift.mjs is missing; run `npm run build` first\n");
  process.exit(1);
}
const { main } = await import(bundle);
process.exitCode = await main(process.argv.slice(2));
