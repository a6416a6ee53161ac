import { randomBytes } from "node:crypto";
import { ageMs, CARD_PAYLOAD_BUDGET_BYTES, type CardDataStatus, type CardPayload, type Plan, type PlannerSlotInput, type EntitiesState, type EntityCommand, type Logger, type Scheduler, type SiteReadings, type Clock, type Reading } from "../domain/index.js";
import type { Config, MqttBroker } from "../config/index.js";
import { createMqttBridge, toCardPayload, type MqttBridge } from "../mqtt/index.js";
import type { HistoryStore } from "../store/index.js";
import type { StatusBoard } from "./status-board.js";
import type { RuntimeSettings } from "./runtime-settings.js";
import type { PlanRunInfo } from "./slow-loop.js";
import type { InsightValues } from "./insight-link.js";
import { currentActionText, nextCheapWindow } from "./plan-summary.js";

/**
 * Sunshift's MQTT-discovered entities, fed from the status board and the runtime settings.
 * Without a broker (none configured outside HA) this is off and says why.
 */
export interface MqttLink {
  /**
   * The plan sensor's attributes (compact card payload, with the run's plug powers and its
   * `dataStatus` when `run` is given) and the plan-changed event. The run's input ages also
   * feed the price/PV/load data-age sensors.
   */
  publishPlan(plan: Plan, inputs: readonly PlannerSlotInput[], run?: Pick<PlanRunInfo, "plugs" | "dataStatus">): void;
  /** Re-publishes the state document now (e.g. new savings figures). */
  refresh(): void;
  stop(): Promise<void>;
}

export interface MqttLinkOptions {
  readonly config: Config;
  readonly mqtt: MqttBroker;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly version: string;
  readonly store: HistoryStore;
  readonly board: StatusBoard;
  readonly settings: () => RuntimeSettings;
  readonly site: () => SiteReadings;
  readonly onCommand: (command: EntityCommand) => void;
  /** Savings and tariff sensors (insight-link.ts); null values until computed. */
  readonly insight: () => InsightValues;
  /** The running plan and the slot inputs it was made from (current action, next cheap window). */
  readonly plan: () => { readonly plan: Plan; readonly inputs: readonly PlannerSlotInput[] } | null;
}

const PUBLISH_MS = 10_000;

export async function startMqtt(opts: MqttLinkOptions): Promise<MqttLink | null> {
  if (opts.mqtt.kind === "none") {
    opts.logger.info("MQTT entities off", { reason: opts.mqtt.reason });
    return null;
  }
  const bridge: MqttBridge = createMqttBridge({
    url: opts.mqtt.url,
    ...(opts.mqtt.username === null ? {} : { username: opts.mqtt.username }),
    ...(opts.mqtt.password === null ? {} : { password: opts.mqtt.password }),
    discoveryPrefix: opts.config.mqtt.discoveryPrefix,
    installId: installId(opts.store),
    version: opts.version,
    logger: opts.logger,
    scheduler: opts.scheduler,
  });
  let inputAges: InputAges | null = null;
  const publish = (): void => {
    bridge.publishState(entitiesState(opts, inputAges));
  };
  const offCommand = bridge.onCommand((command) => {
    opts.onCommand(command);
    publish();
  });
  await bridge.start();
  publish();
  const offTimer = opts.scheduler.setInterval(publish, PUBLISH_MS);
  return {
    publishPlan(plan, inputs, run) {
      bridge.publishPlan(planAttributes(plan, inputs, run));
      const status = run?.dataStatus ?? [];
      if (status.length > 0) inputAges = { atMs: opts.clock.nowMs(), status };
      publish();
      bridge.firePlanChanged({ status: plan.status, generatedAtMs: plan.generatedAtMs, currentAction: entitiesState(opts, inputAges).currentAction, objectiveEur: plan.objectiveEur });
    },
    refresh: publish,
    async stop() {
      offTimer();
      offCommand();
      await bridge.stop();
    },
  };
}

/** A stable id for this installation's unique_ids, made once and kept in the store. */
function installId(store: HistoryStore): string {
  const saved = store.getSetting("install_id");
  if (typeof saved === "string") return saved;
  const id = randomBytes(4).toString("hex");
  store.setSetting("install_id", id);
  return id;
}

function value(r: Reading<number>): number | null {
  return r.ok ? Math.round(r.value * 10) / 10 : null;
}

function ageS(r: Reading<unknown>, nowMs: number): number | null {
  const a = ageMs(r, nowMs);
  return a === null ? null : Math.round(a / 1000);
}

/**
 * The plan sensor's attributes: the card payload with the run's plug powers and, when known,
 * `dataStatus`. The byte budget covers the whole JSON, so the slot reasons make room for it.
 */
export function planAttributes(plan: Plan, inputs: readonly PlannerSlotInput[], run?: Pick<PlanRunInfo, "plugs" | "dataStatus">): CardPayload {
  const status = run?.dataStatus ?? [];
  const extra = status.length === 0 ? {} : { dataStatus: [...status] };
  const budgetBytes = CARD_PAYLOAD_BUDGET_BYTES - new TextEncoder().encode(JSON.stringify(extra)).length;
  return { ...toCardPayload(plan, { slots: inputs, plugs: run?.plugs ?? [], budgetBytes }), ...extra };
}

/** The last run's input freshness and when it was taken. */
export interface InputAges {
  readonly atMs: number;
  readonly status: readonly CardDataStatus[];
}

/** Age of a planner input now, s: its age at the run plus the time since; null when missing or unknown. */
export function inputAgeS(ages: InputAges | null, input: string, nowMs: number): number | null {
  const s = ages?.status.find((d) => d.input === input);
  if (ages === null || s === undefined || s.ageS === null) return null;
  return Math.round(s.ageS + Math.max(0, nowMs - ages.atMs) / 1000);
}

type StateSources = Pick<MqttLinkOptions, "settings" | "site" | "board" | "clock" | "insight" | "plan">;

export function entitiesState(opts: StateSources, ages: InputAges | null = null): EntitiesState {
  const s = opts.settings();
  const site = opts.site();
  const nowMs = opts.clock.nowMs();
  const snap = opts.board.snapshot(nowMs);
  const problem = snap.safeState ?? (snap.connection.kind === "connected" ? null : `Home Assistant ${snap.connection.kind}`);
  const running = opts.plan();
  const insight = opts.insight();
  return {
    mode: s.mode,
    reserveSocPct: s.reserveSocPct,
    gridTargetW: s.gridTargetW,
    optimizerEnabled: s.optimizerEnabled,
    currentAction: currentActionText({ plan: running?.plan ?? null, nowMs, setpointW: snap.setpointW, mode: s.mode, problem }),
    problem: problem === null ? { active: false } : { active: true, cause: problem.slice(0, 255) },
    dataAgeS: {
      grid_meter: ageS(site.meter.gridPowerW, nowMs),
      battery: ageS(site.battery.socPct, nowMs),
      prices: inputAgeS(ages, "prices", nowMs),
      pv_forecast: inputAgeS(ages, "pv_forecast", nowMs),
      load_forecast: inputAgeS(ages, "load_forecast", nowMs),
    },
    ...insightFields(insight),
    nextCheapWindow: running === null ? null : nextCheapWindow(running.plan, running.inputs, nowMs),
    live: liveValues(site),
  };
}

function insightFields(insight: InsightValues): Pick<EntitiesState, "savingsTodayEur" | "savingsMonthEur" | "optimizerShareMonthEur" | "importTodayKWh" | "importTodayNoBatteryKWh" | "periodStartMs" | "tariff"> {
  const s = insight.savings;
  return {
    savingsTodayEur: s?.savingsTodayEur ?? null,
    savingsMonthEur: s?.savingsMonthEur ?? null,
    optimizerShareMonthEur: s?.optimizerShareMonthEur ?? null,
    importTodayKWh: s?.importTodayKWh ?? null,
    importTodayNoBatteryKWh: s?.importTodayNoBatteryKWh ?? null,
    periodStartMs: insight.periodStartMs,
    tariff: insight.tariff,
  };
}

function liveValues(site: SiteReadings): EntitiesState["live"] {
  const grid = value(site.meter.gridPowerW);
  const out = value(site.battery.acOutputPowerW);
  const inp = value(site.battery.acInputPowerW);
  const dis = value(site.battery.dischargePowerW);
  const chg = value(site.battery.chargePowerW);
  return {
    socPct: value(site.battery.socPct),
    batteryW: dis === null || chg === null ? null : dis - chg,
    pvW: value(site.battery.pvPowerW),
    homeLoadW: grid === null || out === null || inp === null ? null : Math.round((grid + out - inp) * 10) / 10,
    gridW: grid,
  };
}
