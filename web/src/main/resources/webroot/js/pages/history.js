// The history of resolved alerts (/alerts/history): searched by text, rule, tenant and time, newest first; a row
// opens the alert with its timeline.
import { badge, errorBox, esc, span, table, timeTag, update } from "../ui.js";

let root = null;

function local(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function iso(localValue) {
  if (!localValue) return "";
  const d = new Date(localValue);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}

const COLUMNS = [
  { label: "Alert", render: (a) => `<a href="/alerts/${a.id}">${esc(a.rule)}</a> ${badge("resolved")}
      <div class="muted">${esc(a.annotations?.summary ?? "")}</div>` },
  { label: "Labels", render: (a) => `<span class="labels">${Object.entries(a.labels).filter(([k]) => k !== "rule")
      .map(([k, v]) => `<span class="label">${esc(k)}=${esc(v)}</span>`).join("")}</span>` },
  { label: "Started", render: (a) => timeTag(a.activeAt) },
  { label: "Resolved", render: (a) => timeTag(a.endsAt) },
  { label: "Lasted", render: (a) => a.endsAt ? span((Date.parse(a.endsAt) - Date.parse(a.activeAt)) / 1000) : "–" },
];

async function load(ctx, f) {
  try {
    const list = await ctx.api.get("/api/v1/alerts", { state: "resolved", q: f.q, rule: f.rule, tenant: f.tenant,
      since: f.from, until: f.to, limit: 500 });
    if (root) update(root.querySelector("#history-list"), table({ columns: COLUMNS, rows: list,
      caption: "Resolved alerts", empty: "No resolved alert matches." }));
  } catch (e) {
    if (root) update(root.querySelector("#history-list"), errorBox(e));
  }
}

export default {
  async render(el, params, ctx) {
    root = el;
    const f = { q: params.q ?? "", rule: params.rule ?? "", tenant: params.tenant ?? "", from: params.from ?? "", to: params.to ?? "" };
    const [rules, tenants] = await Promise.all([ctx.api.get("/api/v1/rules").catch(() => []),
      ctx.api.get("/api/v1/tenants").catch(() => [])]);
    const ruleNames = (Array.isArray(rules) ? rules : rules.rules ?? []).map((r) => r.name ?? r.rule).filter(Boolean);
    root.innerHTML = `<p><a href="/alerts">← Alerts</a></p><h1>History of resolved alerts</h1>
      <form class="filters" id="history-filters" role="search" aria-label="Search resolved alerts">
        <div class="field wide"><label for="history-q">Text</label><input id="history-q" type="search" name="q"
          data-shortcut="search" value="${esc(f.q)}" placeholder="summary, label, ack comment"></div>
        <div class="field"><label for="history-rule">Rule</label><select id="history-rule" name="rule"><option value="">any</option>
          ${ruleNames.map((r) => `<option${r === f.rule ? " selected" : ""}>${esc(r)}</option>`).join("")}</select></div>
        <div class="field"><label for="history-tenant">Tenant</label><select id="history-tenant" name="tenant"><option value="">any</option>
          ${tenants.map((t) => `<option value="${esc(t.id)}"${t.id === f.tenant ? " selected" : ""}>${esc(t.id)}</option>`).join("")}</select></div>
        <div class="field"><label for="history-from">From</label><input id="history-from" type="datetime-local" name="from" value="${esc(local(f.from))}"></div>
        <div class="field"><label for="history-to">To</label><input id="history-to" type="datetime-local" name="to" value="${esc(local(f.to))}"></div>
        <button type="submit">Search</button>
      </form>
      <div id="history-list"><p class="muted">Loading…</p></div>`;
    root.querySelector("#history-filters").addEventListener("submit", (e) => {
      e.preventDefault();
      const d = new FormData(e.target);
      const next = { q: String(d.get("q") ?? "").trim(), rule: d.get("rule"), tenant: d.get("tenant"),
        from: iso(d.get("from")), to: iso(d.get("to")) };
      ctx.setQuery(next);
      load(ctx, next);
    });
    await load(ctx, f);
  },
  dispose() {
    root = null;
  },
};
