import type { StatusSnapshot } from "../app/status-board.js";

/** Prometheus text exposition (format 0.0.4) of the status snapshot. */
export function renderMetrics(s: StatusSnapshot): string {
  const lines: string[] = [];
  const gauge = (name: string, help: string, value: number | null, labels = ""): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    if (value !== null && Number.isFinite(value)) lines.push(`${name}${labels} ${value}`);
  };
  gauge("sunshift_up", "1 while the add-on runs", 1);
  gauge("sunshift_uptime_seconds", "Seconds since start", (s.nowMs - s.startedAtMs) / 1000);
  gauge("sunshift_ha_connected", "1 when connected to Home Assistant", s.connection.kind === "connected" ? 1 : 0);
  gauge("sunshift_safe_state", "1 while in a safe state", s.safeState === null ? 0 : 1);
  gauge("sunshift_setpoint_watts", "Last hub set-point written, W (+ output, − AC charge)", s.setpointW);
  lines.push("# HELP sunshift_reading_age_seconds Age of each reading", "# TYPE sunshift_reading_age_seconds gauge");
  for (const [key, r] of Object.entries(s.readings)) {
    if (r.ageS !== null) lines.push(`sunshift_reading_age_seconds{reading="${key}"} ${r.ageS}`);
  }
  lines.push("# HELP sunshift_events_total Counted events", "# TYPE sunshift_events_total counter");
  for (const [key, n] of Object.entries(s.counters)) lines.push(`sunshift_events_total{event="${key}"} ${n}`);
  return `${lines.join("\n")}\n`;
}
