import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

/**
 * The build output directory (`dist/`, with sunshift-card.js and card-demo-shell.js), found from
 * this module's location: the bundle lives in dist/ itself; from the sources (tests) it is the
 * `dist/` beside the nearest package.json. Ends in `/` (a directory URL).
 */
/** import.meta.url, or undefined in a CommonJS bundle (esbuild leaves `import.meta` empty there). */
function moduleUrl(): string | undefined {
  const meta: { url?: string } = import.meta;
  return meta.url;
}

export function distDir(from: string | undefined = moduleUrl()): URL {
  // A CommonJS bundle (the tests' kill child) has no import.meta.url: look from the working directory.
  const start = from === undefined ? join(process.cwd(), "x") : fileURLToPath(from);
  let dir = dirname(start);
  if (existsSync(join(dir, "sunshift-card.js"))) return pathToFileURL(`${dir}/`);
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, "package.json"))) return pathToFileURL(`${join(dir, "dist")}/`);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return pathToFileURL(`${join(dirname(start), "dist")}/`);
}
