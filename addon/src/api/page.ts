/**
 * The status page: one self-contained HTML document that polls `api/state` (relative URL, so it
 * works under HA's ingress prefix). Plain DOM, no framework, no external assets.
 */
const STYLE = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1c1c1c;--muted:#6b7280;--ok:#0f9d58;--bad:#db4437;--accent:#ff9800}
@media (prefers-color-scheme:dark){:root{--bg:#111418;--card:#1c2026;--fg:#e5e7eb;--muted:#9ca3af}}
body{margin:0;font:14px/1.45 system-ui,sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:960px;margin:0 auto;padding:16px;display:grid;gap:12px}
section{background:var(--card);border-radius:12px;padding:12px 16px;box-shadow:0 1px 2px #0002}
h1{font-size:20px;margin:0}h2{font-size:15px;margin:0 0 8px;color:var(--muted);font-weight:600}
.row{display:flex;gap:12px;flex-wrap:wrap;align-items:center}
.tile{min-width:120px;flex:1}.tile b{display:block;font-size:22px}.tile span{color:var(--muted);font-size:12px}
.badge{padding:2px 8px;border-radius:999px;font-size:12px;color:#fff;background:var(--muted)}
.ok{background:var(--ok)}.bad{background:var(--bad)}
table{width:100%;border-collapse:collapse}td{padding:3px 6px;border-bottom:1px solid #8882}
td.m{color:var(--bad)}ol{margin:0;padding-left:18px;max-height:360px;overflow:auto;font-family:ui-monospace,monospace;font-size:12px}
li.bad{color:var(--bad)}a{color:var(--accent)}`;

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const fmt = (v, unit) => v === null || v === undefined ? "—" : (typeof v === "number" ? Math.round(v) + " " + unit : String(v));
function tile(label, r, unit) {
  const missing = r && r.missing ? '<span class="m">' + r.missing + '</span>' : '<span>' + (r && r.ageS !== null ? r.ageS + " s ago" : "") + '</span>';
  return '<div class="tile"><span>' + label + '</span><b>' + fmt(r ? r.value : null, unit) + '</b>' + missing + '</div>';
}
async function refresh() {
  try {
    const s = await (await fetch("api/state", { cache: "no-store" })).json();
    const c = s.connection.kind;
    $("conn").className = "badge " + (c === "connected" ? "ok" : "bad");
    $("conn").textContent = c === "connected" ? "HA connected (" + s.connection.haVersion + ")" : "HA " + c;
    $("safe").style.display = s.safeState ? "" : "none";
    $("safe").textContent = s.safeState ? "Safe state: " + s.safeState : "";
    const r = s.readings;
    $("now").innerHTML = tile("Grid", r.grid_w, "W") + tile("Battery SOC", r.soc_pct, "%") + tile("PV", r.pv_w, "W") +
      tile("Hub AC output", r.ac_output_w, "W") + tile("Hub AC input", r.ac_input_w, "W") + tile("Set-point", { value: s.setpointW, ageS: null }, "W");
    $("readings").innerHTML = Object.entries(r).map(([k, v]) => '<tr><td>' + k + '</td><td>' + fmt(v.value, "") + '</td><td>' +
      (v.ageS === null ? "" : v.ageS + " s") + '</td><td class="m">' + (v.missing || "") + '</td><td>' + (v.entityId || "") + '</td></tr>').join("");
    $("activity").innerHTML = s.activity.map((a) => '<li class="' + (a.ok ? "" : "bad") + '">' +
      new Date(a.atMs).toLocaleTimeString() + " " + a.text.replace(/</g, "&lt;") + '</li>').join("");
    const p = s.plan;
    $("plan").innerHTML = !p ? '<p>No plan yet.</p>' : '<p>' + p.status + ' · cost ' + p.objectiveEur.toFixed(2) + ' € · ' +
      p.notes.map((n) => n.replace(/</g, "&lt;")).join(" · ") + '</p><table>' + p.slots.map((x) => '<tr><td>' +
      new Date(x.startMs).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) + '</td><td>' + x.action + '</td><td>' +
      (x.acInW > 0 ? "−" + x.acInW : x.acOutW) + ' W</td><td>' + x.socPct + ' %</td><td>grid ' + x.gridW + ' W</td><td>' +
      x.reasons.map((t) => t.replace(/</g, "&lt;")).join("<br>") + '</td></tr>').join("") + '</table>';
    $("clock").textContent = "home time " + new Date(s.nowMs).toLocaleString();
  } catch (e) { $("conn").className = "badge bad"; $("conn").textContent = "add-on not reachable"; }
}
refresh(); setInterval(refresh, 2000);`;

export function statusPage(withCardLink: boolean): string {
  const card = withCardLink ? ' · <a href="card">Lovelace card demo</a>' : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sunshift</title><style>${STYLE}</style></head><body><main>
<section class="row"><h1>☀ Sunshift</h1><span id="conn" class="badge">…</span><span id="clock" style="color:var(--muted)"></span>
<span style="margin-left:auto"><a href="metrics">metrics</a> · <a href="api/state">JSON</a>${card}</span></section>
<section id="safe" class="badge bad" style="display:none;border-radius:12px"></section>
<section><h2>Now</h2><div id="now" class="row"></div></section>
<section><h2>Plan</h2><div id="plan"></div></section>
<section><h2>What Sunshift did, newest first</h2><ol id="activity"></ol></section>
<section><h2>Readings</h2><table id="readings"></table></section>
</main><script>${SCRIPT}</script></body></html>`;
}
