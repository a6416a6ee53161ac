/**
 * The add-on's real line logger (system/logger.ts) at debug level, writing into memory: tests
 * see exactly the lines a user would see in the Log tab.
 */
import type { Clock, Logger } from "../../../addon/src/domain/index.js";
import { createLogger } from "../../../addon/src/system/logger.js";

export interface CapturedLog {
  readonly logger: Logger;
  readonly lines: string[];
  /** Lines logged at ERROR level. */
  errors(): string[];
}

export function captureLogger(clock: Clock = { nowMs: () => 0 }): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", clock, write: (l) => lines.push(l) });
  return { logger, lines, errors: () => lines.filter((l) => / ERROR /.test(l)) };
}
