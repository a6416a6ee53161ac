// Test helpers for the history store: real files in a fresh temp dir per test, a recording logger.
import { mkdtempSync, rmSync } from "node:fs";
import { afterEach, beforeEach } from "vitest";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "../../../addon/src/domain/log.js";
import { openHistoryStore, type HistoryStore, type HistoryStoreOptions } from "../../../addon/src/store/index.js";

export interface LogLine {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>> | undefined;
}

export function recordingLogger(): Logger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine["level"]) =>
    (msg: string, fields?: Readonly<Record<string, unknown>>): void => {
      lines.push({ level, msg, fields });
    };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export interface TempDir {
  readonly dir: string;
  file(name: string): string;
  cleanup(): void;
}

export function tempDir(): TempDir {
  const dir = mkdtempSync(join(tmpdir(), "sunshift-store-"));
  return {
    dir,
    file: (name) => join(dir, name),
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh temp dir for every test of the enclosing describe, removed after it. Call inside
 * `describe`; the returned getter gives the current test's dir.
 */
export function withTempDir(): () => TempDir {
  let current: TempDir | null = null;
  beforeEach(() => {
    current = tempDir();
  });
  afterEach(() => {
    current?.cleanup();
    current = null;
  });
  return () => {
    if (current === null) throw new Error("withTempDir(): no test is running");
    return current;
  };
}

/** Opens a store on `path` with a recording logger; extra options override. */
export function openTestStore(
  path: string,
  extra: Partial<Omit<HistoryStoreOptions, "path" | "logger">> = {},
): { store: HistoryStore; log: ReturnType<typeof recordingLogger> } {
  const log = recordingLogger();
  const store = openHistoryStore({ path, logger: log, ...extra });
  return { store, log };
}

/** 2026-01-05T00:00:00Z, a Monday: a round epoch base for hand-computed cases. */
export const T0 = Date.UTC(2026, 0, 5);
export const MIN = 60_000;
export const QUARTER = 15 * MIN;
export const DAY = 86_400_000;
