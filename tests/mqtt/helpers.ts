/**
 * Helpers for the MQTT tests: an observing client (MQTT 5 with retain-as-published, so the
 * retain flag of live messages is visible), a recording logger, a sample state, polling.
 */
import { connectAsync, type MqttClient } from "mqtt";
import type { EntitiesState } from "../../addon/src/domain/entities.js";
import type { Logger } from "../../addon/src/domain/index.js";

export interface Seen {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
  readonly qos: number;
}

export interface Observer {
  readonly messages: Seen[];
  readonly client: MqttClient;
  on(topic: string): Seen[];
  last(topic: string): Seen | undefined;
  clear(): void;
  close(): Promise<void>;
}

let observerCount = 0;

/** Connects a watcher that subscribes to `filters` (qos 1, retain as published). */
export async function observe(url: string, filters: readonly string[]): Promise<Observer> {
  observerCount += 1;
  const client = await connectAsync(url, { clientId: `observer_${process.pid}_${observerCount}`, protocolVersion: 5, reconnectPeriod: 100 });
  const messages: Seen[] = [];
  client.on("message", (topic, payload, packet) => {
    messages.push({ topic, payload: payload.toString("utf8"), retain: packet.retain, qos: packet.qos });
  });
  await client.subscribeAsync([...filters], { qos: 1, rap: true });
  return {
    messages,
    client,
    on: (topic) => messages.filter((m) => m.topic === topic),
    last: (topic) => messages.filter((m) => m.topic === topic).at(-1),
    clear: () => messages.splice(0, messages.length),
    close: () => client.endAsync(true),
  };
}

/** Publishes like HA does: plain text, not retained (unless told). */
export async function publishAs(url: string, topic: string, payload: string, retain = false): Promise<void> {
  observerCount += 1;
  const client = await connectAsync(url, { clientId: `publisher_${process.pid}_${observerCount}` });
  await client.publishAsync(topic, payload, { qos: 1, retain });
  await client.endAsync();
}

/** Polls `cond` every 10 ms until true; fails with `what` after `timeoutMs`. */
export async function until(cond: () => boolean, what: string, timeoutMs = 4000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface LogEntry {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>> | undefined;
}

export function recordingLogger(): Logger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry["level"]) => (msg: string, fields?: Readonly<Record<string, unknown>>) => {
    entries.push({ level, msg, fields });
  };
  return { entries, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export function sampleState(): EntitiesState {
  return {
    mode: "auto",
    reserveSocPct: 20,
    gridTargetW: 0,
    optimizerEnabled: true,
    currentAction: "discharge 240 W: grid costs 31.2 ct/kWh",
    problem: { active: false },
    dataAgeS: { grid_meter: 2.4, battery: 11, prices: 3600, pv_forecast: 1800.6, load_forecast: null },
    savingsTodayEur: 0.4567,
    savingsMonthEur: 12.3,
    optimizerShareMonthEur: 4.56,
    importTodayKWh: 3.2,
    importTodayNoBatteryKWh: 5.75,
    periodStartMs: { dayMs: Date.UTC(2026, 10, 21, 23, 0), monthMs: Date.UTC(2026, 9, 31, 23, 0) },
    tariff: { best: "Dynamic, spot feed-in", summary: "Dynamic is cheapest.", daysUsed: 365, monthsExtrapolated: [], candidates: [{ name: "Dynamic, spot feed-in", rank: 1, yearlyEur: 812.4, standingEur: 180, batterySavingEur: 121.6 }] },
    nextCheapWindow: { startMs: Date.UTC(2026, 10, 22, 12, 0), endMs: Date.UTC(2026, 10, 22, 14, 30) },
    live: { socPct: 54.4, batteryW: 240.4, pvW: 0, homeLoadW: 300, gridW: 59.6 },
  };
}
