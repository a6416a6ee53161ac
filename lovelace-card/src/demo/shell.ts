import { callService, createConnection, createLongLivedTokenAuth, getConfig, subscribeEntities, type Connection, type HassEntities } from "home-assistant-js-websocket";
import type { HassEntity, HassTarget, HomeAssistant } from "../card/hass.js";
import { applyTheme, defineHaCard } from "./theme.js";

/**
 * The card demo's shell (served as /card-demo/shell.js): connects from the browser to a live
 * HA (the simulated home) with home-assistant-js-websocket, builds the `hass` object the way
 * HA's frontend does (a new object per change) and feeds the real card. Without a live home
 * (config.json 404) it waits for `window.sunshiftDemo.feed(states)` (the browser tests).
 */
interface ServiceCallRecord {
  readonly domain: string;
  readonly service: string;
  readonly data: Readonly<Record<string, unknown>> | undefined;
  readonly target: HassTarget | undefined;
}

interface DemoApi {
  feed(states: Readonly<Record<string, HassEntity>>, timeZone?: string): void;
  readonly calls: ServiceCallRecord[];
}

declare global {
  interface Window {
    sunshiftDemo?: DemoApi;
  }
}

interface CardElement extends HTMLElement {
  hass?: HomeAssistant;
  setConfig(c: unknown): void;
}

const $ = (id: string): HTMLElement | null => document.getElementById(id);
const checkbox = (id: string): HTMLInputElement | null => {
  const el = $(id);
  return el instanceof HTMLInputElement ? el : null;
};
const language = (): string => {
  const el = $("lang");
  return el instanceof HTMLSelectElement ? el.value : "en";
};

interface ShellState {
  states: Readonly<Record<string, HassEntity>>;
  timeZone: string | undefined;
  call: HomeAssistant["callService"];
}

function render(card: CardElement, s: ShellState): void {
  const lang = language();
  const dark = checkbox("dark")?.checked ?? false;
  card.hass = {
    states: s.states,
    callService: s.call,
    locale: { language: lang, time_zone: "server" },
    language: lang,
    ...(s.timeZone === undefined ? {} : { config: { time_zone: s.timeZone } }),
    themes: { darkMode: dark },
  };
}

function wireToolbar(card: CardElement, state: () => ShellState): void {
  const dark = checkbox("dark");
  const narrow = checkbox("narrow");
  applyTheme(document.documentElement, dark?.checked ?? false);
  dark?.addEventListener("change", () => {
    applyTheme(document.documentElement, dark.checked);
    render(card, state());
  });
  narrow?.addEventListener("change", () => {
    $("main")?.classList.toggle("narrow", narrow.checked);
  });
  $("lang")?.addEventListener("change", () => {
    render(card, state());
  });
}

async function connectLive(card: CardElement, s: ShellState, status: (t: string) => void): Promise<void> {
  const res = await fetch("card-demo/config.json", { cache: "no-store" });
  if (!res.ok) {
    status("no live home: waiting for a hass object");
    return;
  }
  const cfg = (await res.json()) as { haUrl: string; token: string };
  const conn: Connection = await createConnection({ auth: createLongLivedTokenAuth(cfg.haUrl, cfg.token) });
  s.timeZone = (await getConfig(conn)).time_zone;
  s.call = (domain, service, data, target) => callService(conn, domain, service, data, target === undefined ? undefined : { entity_id: typeof target.entity_id === "string" ? target.entity_id : [...target.entity_id] });
  subscribeEntities(conn, (entities: HassEntities) => {
    s.states = entities;
    render(card, s);
  });
  conn.addEventListener("disconnected", () => { status("disconnected, reconnecting…"); });
  conn.addEventListener("ready", () => { status(`live: ${cfg.haUrl}`); });
  status(`live: ${cfg.haUrl}`);
}

function main(): void {
  defineHaCard();
  const card = $("card") as CardElement | null;
  if (card === null) return;
  const calls: ServiceCallRecord[] = [];
  const s: ShellState = {
    states: {},
    timeZone: undefined,
    call: (domain, service, data, target) => {
      calls.push({ domain, service, data, target });
      return Promise.resolve(null);
    },
  };
  const status = (text: string): void => {
    const el = $("status");
    if (el !== null) el.textContent = text;
  };
  void customElements.whenDefined("sunshift-card").then(() => {
    card.setConfig({ type: "custom:sunshift-card", hours: 24 });
    wireToolbar(card, () => s);
    window.sunshiftDemo = {
      calls,
      feed: (states, timeZone) => {
        s.states = states;
        s.timeZone = timeZone;
        render(card, s);
      },
    };
    connectLive(card, s, status).catch((err: unknown) => {
      status(`cannot connect: ${String(err)}`);
    });
  });
}

main();
