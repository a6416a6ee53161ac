import { z } from "zod";

/**
 * Reads the option schema's structure (keys, defaults, optionality), so unknown-key suggestions
 * and the manifest check derive from the one schema instead of a hand-kept list (STYLE.md P7).
 */

/** Strips transforms, defaults and optionality down to the schema that validates the value. */
export function unwrapSchema(schema: z.core.$ZodType): z.core.$ZodType {
  if (schema instanceof z.ZodPipe) {
    return unwrapSchema(schema.in instanceof z.ZodTransform ? schema.out : schema.in);
  }
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodOptional) {
    return unwrapSchema(schema.unwrap());
  }
  return schema;
}

export interface OptionInfo {
  /** Option path; list entries' fields are `[list, field]` (e.g. `["plugs", "id"]`). */
  readonly path: readonly string[];
  readonly kind: "group" | "list" | "value";
  readonly hasDefault: boolean;
  /** The schema default (the input form for groups, e.g. `{}`); undefined without one. */
  readonly defaultValue: unknown;
  /** May be left out without a default (Supervisor type with `?`). */
  readonly optional: boolean;
  /** The validating schema without transforms, defaults and optionality. */
  readonly schema: z.core.$ZodType;
}

function outerInfo(schema: z.core.$ZodType): { hasDefault: boolean; defaultValue: unknown; optional: boolean } {
  if (schema instanceof z.ZodPipe && !(schema.in instanceof z.ZodTransform)) return outerInfo(schema.in);
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    return { hasDefault: true, defaultValue: schema.def.defaultValue, optional: false };
  }
  if (schema instanceof z.ZodOptional) return { hasDefault: false, defaultValue: undefined, optional: true };
  return { hasDefault: false, defaultValue: undefined, optional: false };
}

function shapeOf(schema: z.core.$ZodType): Readonly<Record<string, z.core.$ZodType>> | null {
  const inner = unwrapSchema(schema);
  return inner instanceof z.ZodObject ? inner.shape : null;
}

/** Every option below `schema` (an object schema), depth first, in declaration order. */
export function listOptions(schema: z.core.$ZodType, prefix: readonly string[] = []): OptionInfo[] {
  const shape = shapeOf(schema);
  if (shape === null) return [];
  const out: OptionInfo[] = [];
  for (const [key, field] of Object.entries(shape)) {
    const path = [...prefix, key];
    const inner = unwrapSchema(field);
    if (inner instanceof z.ZodObject) {
      out.push({ path, kind: "group", ...outerInfo(field), schema: inner });
      out.push(...listOptions(inner, path));
    } else if (inner instanceof z.ZodArray) {
      out.push({ path, kind: "list", ...outerInfo(field), schema: inner });
      out.push(...listOptions(inner.element, path));
    } else {
      out.push({ path, kind: "value", ...outerInfo(field), schema: inner });
    }
  }
  return out;
}

/** Keys an object at `path` (numbers index list entries) may hold; empty when not an object. */
export function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): readonly string[] {
  let current: z.core.$ZodType | undefined = unwrapSchema(schema);
  for (const segment of path) {
    if (current === undefined) return [];
    if (current instanceof z.ZodArray && typeof segment === "number") current = unwrapSchema(current.element);
    else if (typeof segment === "string") {
      const next: z.core.$ZodType | undefined = shapeOf(current)?.[segment];
      current = next === undefined ? undefined : unwrapSchema(next);
    } else return [];
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}
