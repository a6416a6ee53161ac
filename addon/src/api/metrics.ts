import type { StatusSnapshot } from "../app/status-board.js";

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

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
  lines.push("# HELP sunshift_input_age_seconds Age of each planner input at the last plan run, now", "# TYPE sunshift_input_age_seconds gauge");
  for (const i of s.inputs) if (i.ageS !== null) lines.push(`sunshift_input_age_seconds{input="${i.input}"} ${i.ageS}`);
  lines.push("# HELP sunshift_input_stale 1 when the planner input was stale or missing", "# TYPE sunshift_input_stale gauge");
  for (const i of s.inputs) lines.push(`sunshift_input_stale{input="${i.input}"} ${i.stale ? 1 : 0}`);
  lines.push("# HELP sunshift_duration_seconds Durations of plan runs (plan_run) and of commands until confirmed (command_confirm)", "# TYPE sunshift_duration_seconds summary");
  for (const [op, d] of Object.entries(s.durations)) {
    lines.push(`sunshift_duration_seconds_count{op="${op}"} ${d.count}`, `sunshift_duration_seconds_sum{op="${op}"} ${round6(d.sumS)}`);
  }
  lines.push("# HELP sunshift_duration_max_seconds Longest duration since start", "# TYPE sunshift_duration_max_seconds gauge");
  for (const [op, d] of Object.entries(s.durations)) lines.push(`sunshift_duration_max_seconds{op="${op}"} ${round6(d.maxS)}`);
  lines.push("# HELP sunshift_events_total Counted events", "# TYPE sunshift_events_total counter");
  for (const [key, n] of Object.entries(s.counters)) lines.push(`sunshift_events_total{event="${key}"} ${n}`);
  return `${lines.join("\n")}\n`;
}
