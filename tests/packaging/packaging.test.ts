// Checks the add-on image recipe and the repository layout by reading them: no Docker engine
// runs here, so these tests are what keeps the Dockerfile honest.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

const root = join(import.meta.dirname, "../..");
const read = (p: string): string => readFileSync(join(root, p), "utf8");
const dockerfile = read("Dockerfile");
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l !== "" && !l.startsWith("#"));

function dockerignorePatterns(): string[] {
  return read(".dockerignore").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
}

function ignoredByDocker(path: string): boolean {
  return dockerignorePatterns().some((p) => {
    if (p.startsWith("*.")) return path.endsWith(p.slice(1)) && !path.includes("/");
    return path === p || path.startsWith(`${p}/`);
  });
}

describe("Dockerfile", () => {
  const defaultBase = /^ARG BUILD_FROM=(\S+)$/m.exec(dockerfile)?.[1];

  it("builds without build.json: BUILD_FROM has a pinned default", () => {
    expect(defaultBase).toMatch(/^ghcr\.io\/home-assistant\/base:\d+\.\d+$/);
    for (const from of instructions.filter((l) => l.startsWith("FROM "))) expect(from).toMatch(/^FROM \$\{BUILD_FROM\}/);
  });

  it("agrees with build.json for every architecture", () => {
    const build = JSON.parse(read("build.json")) as { build_from: Record<string, string> };
    expect(Object.keys(build.build_from).sort()).toEqual(["aarch64", "amd64"]);
    for (const base of Object.values(build.build_from)) expect(base).toBe(defaultBase);
  });

  it("copies only files that exist and that .dockerignore lets through", () => {
    const copies = instructions.filter((l) => l.startsWith("COPY ") && !l.includes("--from="));
    expect(copies.length).toBeGreaterThan(3);
    for (const copy of copies) {
      const sources = copy.split(/\s+/).slice(1, -1);
      for (const src of sources) {
        expect(existsSync(join(root, src)), `${copy}: ${src} missing`).toBe(true);
        expect(ignoredByDocker(src), `${copy}: ${src} excluded by .dockerignore`).toBe(false);
      }
    }
  });

  it("ships production dependencies only, with the native module rebuilt for the image", () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/npm rebuild better-sqlite3/);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("FROM "));
    expect(runtime).not.toMatch(/apk add[^\n]*\bnpm\b/);
    expect(runtime).toMatch(/COPY --from=build \/src\/node_modules/);
  });

  it("runs node with jemalloc in the image (the soak RSS creep is gone only with it)", () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("FROM "));
    expect(runtime).toMatch(/apk add --no-cache[^\n]*\bjemalloc\b/);
    const run = read("rootfs/run.sh");
    // Alpine's jemalloc package installs /usr/lib/libjemalloc.so.2; preloaded only when present.
    const preload = /if \[ -f (\S+) \]; then\n\s+export LD_PRELOAD=(\S+)\n\s+export MALLOC_CONF="\$\{MALLOC_CONF:-([^}]*)\}"\nfi/.exec(run);
    expect(preload?.[1]).toBe("/usr/lib/libjemalloc.so.2");
    expect(preload?.[2]).toBe(preload?.[1]);
    // The background thread purges freed pages on time (the soak's day-long +20-25 % steps were
    // gone with it); a user's own MALLOC_CONF wins.
    expect(preload?.[3]).toBe("background_thread:true");
    expect(run.indexOf("LD_PRELOAD")).toBeLessThan(run.indexOf("exec node"));
    // The soak runs with the same settings.
    expect(read("scripts/soak.sh")).toContain('export MALLOC_CONF="${MALLOC_CONF:-background_thread:true}"');
  });

  it("has a health check on the ingress port and starts through s6 with a script that execs node", () => {
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*http:\/\/127\.0\.0\.1:8099\/healthz/);
    expect(instructions).toContain('CMD ["/run.sh"]');
    const run = read("rootfs/run.sh");
    expect(run).toMatch(/^#!\/usr\/bin\/with-contenv bashio/);
    expect(run).toMatch(/^exec node \/app\/bin\/sunshift\.mjs run$/m);
    expect(statSync(join(root, "rootfs/run.sh")).mode & 0o111).not.toBe(0);
    const gitMode = execFileSync("git", ["ls-files", "-s", "rootfs/run.sh"], { cwd: root, encoding: "utf8" });
    if (gitMode !== "") expect(gitMode.startsWith("100755")).toBe(true);
    const manifest = parseYaml(read("config.yaml")) as Record<string, unknown>;
    // s6-overlay's /init must be PID 1, so Docker's own init must be off.
    expect(manifest.init).toBe(false);
  });

  it("keeps the build context small", () => {
    for (const p of ["node_modules", ".git", "tests", "dist"]) expect(ignoredByDocker(p)).toBe(true);
  });
});

describe("repository layout", () => {
  it("has the files the Supervisor and the store read", () => {
    for (const f of ["config.yaml", "repository.yaml", "Dockerfile", "build.json", "README.md", "DOCS.md", "CHANGELOG.md", "icon.png", "logo.png", "translations/en.yaml", ".dockerignore"]) {
      expect(existsSync(join(root, f)), f).toBe(true);
    }
    expect((parseYaml(read("repository.yaml")) as { name?: string }).name).toBeTruthy();
  });

  it.each([
    ["icon.png", 128, 128],
    ["logo.png", 250, 100],
  ])("%s is a %i×%i PNG", (file, w, h) => {
    const buf = readFileSync(join(root, file));
    expect(buf.subarray(1, 4).toString()).toBe("PNG");
    expect([buf.readUInt32BE(16), buf.readUInt32BE(20)]).toEqual([w, h]);
  });

  it("keeps one version in package.json, config.yaml and the changelog", () => {
    const version = (JSON.parse(read("package.json")) as { version: string }).version;
    expect((parseYaml(read("config.yaml")) as { version: string }).version).toBe(version);
    expect(read("CHANGELOG.md")).toContain(`## [${version}]`);
  });
});

describe("README and CI", () => {
  const readme = read("README.md");
  const quickStart = /## Quick start\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
  const commands = [...quickStart.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? "").trim().split("\n")).filter((l) => l.trim() !== "");

  it("has exactly two quick-start command lines: the demo and the tests", () => {
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/npm run demo$/);
    expect(commands[1]).toMatch(/npm test$/);
  });

  it(".ci/run calls the README's test line verbatim, after apt-get update", () => {
    const ci = read(".ci/run");
    const testLine = commands[1] ?? "missing";
    expect(ci.split("\n").map((l) => l.trim())).toContain(testLine);
    expect(ci.indexOf("apt-get update")).toBeGreaterThan(-1);
    expect(ci.indexOf("apt-get update")).toBeLessThan(ci.indexOf(testLine));
    expect(ci).toMatch(/set -euo pipefail/);
  });
});
