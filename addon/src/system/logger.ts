import type { Clock, Logger } from "../domain/index.js";

export type LogLevel = "trace" | "debug" | "info" | "warning" | "error";

const RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warning: 3, error: 4 };

/** Keys whose values are never printed, whatever logs them (tokens, passwords). */
const SECRET_KEY = /token|password|secret|authorization|api_?key/i;

/**
 * A line logger for the add-on's Log tab: `2026-11-22 10:15:03 INFO  message key=value …`.
 * Timestamps come from the clock it is given (the simulated clock in the demo).
 */
export function createLogger(opts: { level: LogLevel; clock: Clock; write: (line: string) => void; timeZone?: string }): Logger {
  const fmt = new Intl.DateTimeFormat("sv-SE", { timeZone: opts.timeZone ?? "UTC", dateStyle: "short", timeStyle: "medium" });
  const emit = (level: LogLevel, label: string, msg: string, fields?: Readonly<Record<string, unknown>>): void => {
    if (RANK[level] < RANK[opts.level]) return;
    opts.write(`${fmt.format(opts.clock.nowMs())} ${label} ${msg}${formatFields(fields)}\n`);
  };
  return {
    debug: (m, f) => {
      emit("debug", "DEBUG", m, f);
    },
    info: (m, f) => {
      emit("info", "INFO ", m, f);
    },
    warn: (m, f) => {
      emit("warning", "WARN ", m, f);
    },
    error: (m, f) => {
      emit("error", "ERROR", m, f);
    },
  };
}

export function formatFields(fields?: Readonly<Record<string, unknown>>): string {
  if (fields === undefined) return "";
  return Object.entries(fields)
    .map(([k, v]) => ` ${k}=${SECRET_KEY.test(k) ? "***" : typeof v === "string" ? (/\s/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v)}`)
    .join("");
}
