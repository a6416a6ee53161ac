import * as zm from "zod/mini";

/**
 * The part of zod's classic API that the card's schemas use (the domain's CardPayload and
 * entity schemas, the card config), implemented on zod/mini. scripts/build.mjs resolves
 * `zod` to this module for the card bundle only, so the browser runs the very same schema
 * definitions as the add-on (one schema, STYLE.md P7) without classic zod's ≈ 95 KB: a classic
 * schema carries every method, so nothing of it can be tree-shaken. The add-on, the type
 * checker and the unit tests use real zod; the browser tests run this build. A schema method
 * missing here fails those tests loudly ("….x is not a function").
 */
type Base = zm.ZodMiniType;
type Params = string | { readonly message?: string } | undefined;
type AnyCheck = zm.core.$ZodCheck;

export interface ChainSchema extends Base {
  min(n: number, p?: Params): ChainSchema;
  max(n: number, p?: Params): ChainSchema;
  positive(p?: Params): ChainSchema;
  regex(re: RegExp, p?: Params): ChainSchema;
  nullable(): ChainSchema;
  optional(): ChainSchema;
  default(value: unknown): ChainSchema;
  refine(fn: (value: never) => unknown, p?: Params): ChainSchema;
}

const isText = (s: Base): boolean => s._zod.def.type === "string";

function chain(s: Base): ChainSchema {
  const checked = (c: AnyCheck): ChainSchema => chain(s.check(c as unknown as zm.core.$ZodCheck<unknown>));
  return Object.assign(s, {
    min: (n: number, p?: Params) => checked((isText(s) ? zm.minLength(n, p) : zm.gte(n, p)) as AnyCheck),
    max: (n: number, p?: Params) => checked((isText(s) ? zm.maxLength(n, p) : zm.lte(n, p)) as AnyCheck),
    positive: (p?: Params) => checked(zm.positive(p) as AnyCheck),
    regex: (re: RegExp, p?: Params) => checked(zm.regex(re, p) as AnyCheck),
    nullable: () => chain(zm.nullable(s)),
    optional: () => chain(zm.optional(s)),
    default: (value: unknown) => chain(zm._default<Base>(s, value)),
    refine: (fn: (value: never) => unknown, p?: Params) => checked(zm.refine<never>(fn, p)),
  });
}

export const string = (p?: Params): ChainSchema => chain(zm.string(p));
export const number = (p?: Params): ChainSchema => chain(zm.number(p));
export const int = (p?: Params): ChainSchema => chain(zm.int(p));
export const boolean = (p?: Params): ChainSchema => chain(zm.boolean(p));
export const literal = (value: string | number | boolean): ChainSchema => chain(zm.literal(value));
const enumOf = (values: readonly string[]): ChainSchema => chain(zm.enum(values as [string, ...string[]]));
export const array = (item: Base): ChainSchema => chain(zm.array(item));
export const tuple = (items: readonly [Base, ...Base[]]): ChainSchema => chain(zm.tuple([...items] as [Base, ...Base[]]));
export const object = (shape: Readonly<Record<string, Base>>): ChainSchema => chain(zm.object({ ...shape }));
export const strictObject = (shape: Readonly<Record<string, Base>>): ChainSchema => chain(zm.strictObject({ ...shape }));
export const discriminatedUnion = (key: string, options: readonly Base[]): ChainSchema =>
  chain(zm.discriminatedUnion(key, options as unknown as [zm.core.$ZodTypeDiscriminable, ...zm.core.$ZodTypeDiscriminable[]]));
export { enumOf as enum };

/** For `import { z } from "zod"`. */
export const z = { string, number, int, boolean, literal, enum: enumOf, array, tuple, object, strictObject, discriminatedUnion };
