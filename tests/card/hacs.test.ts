/** hacs.json (HACS "Dashboard"/plugin category; HA-CONVENTIONS §10.4) agrees with the build. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const hacs = JSON.parse(readFileSync(new URL("../../hacs.json", import.meta.url), "utf8")) as Record<string, unknown>;
const build = readFileSync(new URL("../../scripts/build.mjs", import.meta.url), "utf8");

describe("hacs.json", () => {
  it("names the file the build writes to dist/", () => {
    expect(hacs["filename"]).toBe("sunshift-card.js");
    expect(build).toContain('outfile: "dist/sunshift-card.js"');
  });
  it("has a name, a minimum HA with the sections view (2024.11) and only known keys", () => {
    expect(typeof hacs["name"]).toBe("string");
    expect(String(hacs["homeassistant"]) >= "2024.11.0").toBe(true);
    const known = ["name", "filename", "homeassistant", "hacs", "hide_default_branch", "country", "content_in_root", "render_readme"];
    expect(Object.keys(hacs).filter((k) => !known.includes(k))).toEqual([]);
    expect(hacs["content_in_root"]).toBeUndefined(); // the card is a release asset (dist/ is not committed)
  });
});
