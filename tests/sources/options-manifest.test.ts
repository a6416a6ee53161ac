// options.manifest.md (the lines the integrator copies into config.yaml) must match the zod groups.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { priceOptions, pvForecastOptions } from "../../addon/src/sources/options.js";

const md = readFileSync(path.resolve(import.meta.dirname, "../../addon/src/sources/options.manifest.md"), "utf8");

/** The YAML block following a heading that contains `title`. */
function block(title: string): Record<string, Record<string, unknown>> {
  const at = md.indexOf(title);
  const start = md.indexOf("```yaml\n", at) + "```yaml\n".length;
  const text = md.slice(start, md.indexOf("```", start));
  // Blocks are indented as they sit in config.yaml; parse them as a mapping.
  return parse(text.replace(/^ {2}/gm, "")) as Record<string, Record<string, unknown>>;
}

describe("options manifest", () => {
  const options = block("under `options:`");
  const schema = block("under `schema:`");

  it("the options defaults parse to exactly the zod defaults", () => {
    expect(priceOptions.parse(options.prices)).toEqual(priceOptions.parse({}));
    expect(pvForecastOptions.parse(options.pv_forecast)).toEqual(pvForecastOptions.parse({}));
  });

  it("schema keys are exactly the zod keys, and optional (?) exactly where zod has no default", () => {
    for (const [group, zodGroup] of [["prices", priceOptions], ["pv_forecast", pvForecastOptions]] as const) {
      const shape = zodGroup.in.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
      const yamlGroup = schema[group]!;
      expect(Object.keys(yamlGroup).sort()).toEqual(Object.keys(shape).sort());
      for (const [key, rule] of Object.entries(yamlGroup)) {
        if (typeof rule !== "string") continue;
        const optional = rule.endsWith("?");
        const inOptions = key in options[group]!;
        expect(optional ? !inOptions : inOptions, `${group}.${key}`).toBe(true);
      }
    }
  });

  it("translations list every option in en, de and nl", () => {
    for (const lang of ["en", "de", "nl"]) {
      const tr = block(`translations/${lang}.yaml`);
      for (const group of ["prices", "pv_forecast"] as const) {
        const fields = (tr[group] as { fields: Record<string, unknown> }).fields;
        for (const key of Object.keys(schema[group]!)) expect(fields, `${lang} ${group}.${key}`).toHaveProperty(key);
      }
    }
  });
});
