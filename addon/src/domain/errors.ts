/** Error kinds (STYLE.md P12). Expected failures are values; these are for the exceptional. */

/** Invalid configuration: `problems` lists every problem with its option path and the fix. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
  }
}

/** May succeed when tried again (network, timeouts, device busy). */
export class TransientError extends Error {
  override readonly name = "TransientError";
}

/** Will not succeed when tried again (bad auth, not found, invalid request). */
export class PermanentError extends Error {
  override readonly name = "PermanentError";
}
