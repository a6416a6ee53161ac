import type { Logger } from "../domain/index.js";

/**
 * Resolves on SIGTERM (the Supervisor stopping the add-on) or SIGINT (Ctrl-C), or after
 * `maxMs` when given (the demo's --duration). Listeners are removed again.
 */
export function waitForShutdown(logger: Logger, maxMs?: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (why: string): void => {
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      if (timer !== undefined) clearTimeout(timer);
      logger.info("shutting down", { why });
      resolve();
    };
    const onTerm = (): void => {
      done("SIGTERM");
    };
    const onInt = (): void => {
      done("SIGINT");
    };
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
    const timer = maxMs === undefined ? undefined : setTimeout(() => {
      done(`--duration elapsed`);
    }, maxMs);
  });
}
