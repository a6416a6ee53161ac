/** Keys (camelCase and snake_case) whose values are secrets. */
export const SECRET_FIELD = /(password|token|secret|api_?key)$/i;

export const REDACTED = "***";

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === "object") return redactObject(value);
  return value;
}

function redactObject(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const secret = SECRET_FIELD.test(key) && field !== null && field !== undefined && field !== "";
    out[key] = secret ? REDACTED : redactValue(field);
  }
  return out;
}

/**
 * A copy of `config` (a Config, a LoadedConfig or raw options) that is safe to log: every
 * password/token value is replaced by "***" (an unset one stays null, so the log still shows
 * whether it was set).
 */
export function redactConfig(config: object): Readonly<Record<string, unknown>> {
  return redactObject(config);
}
