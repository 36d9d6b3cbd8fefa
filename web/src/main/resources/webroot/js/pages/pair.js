// A pair (/pairs/{id}?range=1h|24h|7d|30d): which tenant served traffic when (a timeline), the failover and failback
// events, both tenants' heartbeats, the business keys both tenants processed (side by side with Δt, paged) and DR
// drift, the DR readiness (score, findings explained, acknowledgement with a reason), and the pair's failover actions
// (state, request, outcome; approve or reject one awaiting approval; request one).
// Alert events re-read the pair; tenant events redraw the serving tenant's state; actions in flight are re-read every
// few seconds, since they move on without an alert.
import { badge, esc, errorBox, millis, span, table, timeTag, update } from "../ui.js";
import { dense, heartbeatBar } from "../charts.js";

const RANGES = ["1h", "24h", "7d", "30d"];
const PAGE = 50;

let root = null;
let ctx = null;
let id = null;
let range = "24h";
let detail = null;
let next = null;
let reload = null;
let actionTimer = null;
const tenants = new Map();
const ACTION_TONE = { succeeded: "ok", dry_run: "info", failed: "bad", awaiting_approval: "warn", recheck: "pending",
  ready: "pending", running: "pending", rejected: "muted", cancelled: "muted", expired: "muted" };

function stateOf(tenantId) {
  const t = tenants.get(tenantId);
  return !t?.probe ? "unknown" : t.probe.up ? "up" : "down";
}

function head(d) {
  const p = d.pair;
  const serving = p.activeTenant;
  return `<h1>Pair ${esc(p.id)} ${badge(p.failedOver ? "warn" : "ok", p.failedOver ? "failed over" : "on primary", 'data-role="pair-state"')}</h1>
    <p class="meta">${esc(p.mode)} · business key ${esc(d.businessKey)} · duplicates within ${esc(d.duplicateWindow)}</p>
    <dl class="summary">
      <div><dt>serving now</dt><dd data-role="serving">${esc(serving)} ${badge(stateOf(serving), stateOf(serving))}</dd></div>
      <div><dt>primary</dt><dd><a href="/tenants/${encodeURIComponent(p.primary)}">${esc(p.primary)}</a> ${badge(stateOf(p.primary), stateOf(p.primary))}</dd></div>
      <div><dt>DR</dt><dd><a href="/tenants/${encodeURIComponent(p.dr)}">${esc(p.dr)}</a> ${badge(stateOf(p.dr), stateOf(p.dr))}</dd></div>
      <div><dt>open duplicates</dt><dd>${p.duplicates}</dd></div>
      <div><dt>DR drift</dt><dd>${p.drift.length}</dd></div>
    </dl>`;
}

/** The serving timeline as an SVG band (primary and DR in different colours and patterns) and a table. */
function timeline(d) {
  const from = Date.parse(d.from);
  const to = Date.parse(d.to);
  const width = 1000;
  const x = (t) => ((Date.parse(t) - from) / (to - from)) * width;
  const rects = d.timeline.map((s) => {
    const x0 = Math.max(0, x(s.from));
    const w = Math.max(1.5, x(s.to) - x0);
    return `<rect class="serve ${s.role}" x="${x0.toFixed(1)}" y="${s.role === "dr" ? 0 : 8}" width="${w.toFixed(1)}" height="${s.role === "dr" ? 24 : 16}"><title>${esc(`${s.tenant} (${s.role}) from ${new Date(s.from).toLocaleString()} to ${new Date(s.to).toLocaleString()}`)}</title></rect>`;
  }).join("");
  const switches = d.timeline.filter((s) => s.role === "dr");
  const text = switches.length ? `${d.pair.dr} (DR) served traffic ${switches.length} time(s) in the last ${d.range}: `
    + switches.map((s) => `from ${new Date(s.from).toLocaleString()} for ${span((Date.parse(s.to) - Date.parse(s.from)) / 1000)}`).join("; ")
    : `${d.pair.primary} (primary) served traffic throughout the last ${d.range}.`;
  return `<svg class="serving-band" role="img" aria-label="${esc(text)}" viewBox="0 0 ${width} 24" preserveAspectRatio="none">${rects}</svg>
    <p class="legend"><span class="key primary" aria-hidden="true"></span> primary (${esc(d.pair.primary)}) · <span class="key dr" aria-hidden="true"></span> DR (${esc(d.pair.dr)}), drawn taller
      <span class="muted">· ${new Date(d.from).toLocaleString()} → now</span></p>
    <p class="chart-text">${esc(text)}</p>`;
}

function events(d) {
  return table({
    caption: "Failover and failback events",
    empty: `no failover or failback in the last ${d.range}`,
    columns: [
      { label: "event", render: (e) => badge(e.rule === "failover" ? "warn" : "ok", e.rule) },
      { label: "state", render: (e) => badge(e.state) },
      { label: "since", render: (e) => timeTag(e.firingAt ?? e.activeAt) },
      { label: "until", render: (e) => (e.endsAt ? timeTag(e.endsAt) : "open") },
      { label: "lasted", render: (e) => (e.endsAt ? span((Date.parse(e.endsAt) - Date.parse(e.firingAt ?? e.activeAt)) / 1000) : "–") },
      { label: "summary", render: (e) => `<a href="/alerts/${e.alertId}">${esc(e.summary ?? e.rule)}</a>` },
    ],
    rows: [...d.events].reverse(),
    rowAttrs: (e) => `data-event="${esc(e.rule)}" data-alert-id="${e.alertId}"`,
  });
}

function duplicateRows(list) {
  const side = (s) => `<a href="/messages/${encodeURIComponent(s.tenant)}/${encodeURIComponent(s.messageGuid)}">${esc(s.messageGuid)}</a><br>${timeTag(s.logEnd)}`;
  return list.map((d) => `<tr data-business-key="${esc(d.businessKey)}"><td data-label="business key">${esc(d.businessKey)}</td>
    <td data-label="iFlow">${esc(d.iflow ?? "")}</td><td data-label="${esc(d.primary.tenant)} (primary)">${side(d.primary)}</td>
    <td data-label="${esc(d.dr.tenant)} (DR)">${side(d.dr)}</td><td data-label="Δt">${d.deltaMs >= 0 ? "+" : "−"}${millis(Math.abs(d.deltaMs))}</td></tr>`).join("");
}

async function loadDuplicates(more) {
  const page = await ctx.api.page("/api/v1/duplicates", { pair: id, since: detail.from, limit: PAGE, before: more ? next : undefined });
  next = page.next;
  const body = root.querySelector("#duplicates tbody");
  if (!more) {
    root.querySelector("#duplicates").innerHTML = `<table class="cards"><caption>Business keys processed by both tenants</caption><thead><tr>
      <th scope="col">business key</th><th scope="col">iFlow</th><th scope="col">${esc(detail.pair.primary)} (primary)</th>
      <th scope="col">${esc(detail.pair.dr)} (DR)</th><th scope="col">Δt</th></tr></thead><tbody></tbody></table>
      <p class="muted" id="dup-none" hidden>No business key was processed by both tenants in the last ${esc(range)}.</p>
      <button type="button" id="dup-more" hidden>Load more</button>`;
    root.querySelector("#dup-more").addEventListener("click", () => loadDuplicates(true).catch((e) => console.warn(e)));
  }
  (body ?? root.querySelector("#duplicates tbody")).insertAdjacentHTML("beforeend", duplicateRows(page.items));
  root.querySelector("#dup-none").hidden = root.querySelectorAll("#duplicates tbody tr").length > 0;
  root.querySelector("#dup-more").hidden = !next;
}

function drift(d) {
  return table({
    caption: "DR drift",
    empty: "no drift: the DR tenant runs what the primary runs",
    columns: [
      { label: "iFlow", render: (x) => esc(x.artifact) },
      { label: "drift", render: (x) => esc(x.drift) },
      { label: "alert", render: (x) => badge(x.state) },
    ],
    rows: d.pair.drift,
  }) + `<p><a href="/tenants/${encodeURIComponent(d.pair.dr)}#deployed">Deployed iFlows of ${esc(d.pair.dr)} side by side with ${esc(d.pair.primary)}</a></p>`;
}

function readinessPanel(r) {
  const ack = (f) => f.ack
    ? `${badge("ok", "acknowledged")} <span class="muted">${esc(f.ack.reason)} (${esc(f.ack.ackedBy)}, ${timeTag(f.ack.ackedAt)})</span>`
    : !ctx.session.may("operator") ? `<span class="muted">open</span>`
    : `<form data-ack="${esc(f.key)}"><input name="reason" required maxlength="2000" aria-label="Why ${esc(f.subject)} is accepted"
        placeholder="reason"> <button type="submit">Acknowledge</button></form>`;
  return `<p><strong data-role="readiness-score" data-ready="${r.ready}">${r.score}</strong> / 100
      ${badge(r.ready ? "ok" : "warn", r.ready ? "ready" : "not ready")}</p>` + table({
    caption: "DR readiness findings",
    empty: "no finding: the DR tenant holds what the primary holds",
    columns: [
      { label: "finding", render: (f) => esc(f.kind.toLowerCase().replaceAll("_", " ")) },
      { label: "tenant", render: (f) => esc(f.tenant) },
      { label: "explanation", render: (f) => esc(f.explanation) },
      { label: "costs", render: (f) => esc(String(f.weight)) },
      { label: "acknowledgement", render: ack },
    ],
    rows: r.findings,
    rowAttrs: (f) => `data-finding="${esc(f.key)}" data-acked="${f.ack ? "true" : "false"}"`,
  }) + (r.notCompared.length ? `<p class="muted">Not compared: ${r.notCompared.map(esc).join("; ")}</p>` : "");
}

async function loadReadiness() {
  const r = await ctx.api.get(`/api/v1/pairs/${encodeURIComponent(id)}/readiness`);
  update(root.querySelector("#readiness"), readinessPanel(r));
}

function actionOutcome(a) {
  const o = a.outcome;
  const sent = a.request ? `<span class="muted">${esc(a.request.method)} ${esc(a.request.target)}</span>` : "";
  if (!o) return sent;
  const parts = [o.status != null ? `HTTP ${esc(String(o.status))}` : "", o.durationMillis != null ? millis(o.durationMillis) : "",
    esc(o.detail ?? ""), o.excerpt ? `<code>${esc(o.excerpt)}</code>` : ""].filter((x) => x);
  return `${parts.join(" · ")}<br>${sent}`;
}

function actionDecision(a) {
  if (a.state === "awaiting_approval" && !ctx.session.may("operator")) return `<span class="muted">awaiting an operator's approval</span>`;
  if (a.state === "awaiting_approval") {
    return `<form data-action="${a.id}"><input name="note" maxlength="2000" aria-label="Note on action ${a.id}" placeholder="note">
      <button type="submit" name="verb" value="approve" data-approve="${a.id}">Approve</button>
      <button type="submit" name="verb" value="reject" data-reject="${a.id}">Reject</button></form>`;
  }
  return a.decidedBy ? `${esc(a.decidedBy)}, ${timeTag(a.decidedAt)}${a.decisionNote ? ` <span class="muted">${esc(a.decisionNote)}</span>` : ""}` : "";
}

function actionsPanel(list) {
  return table({
    caption: "Failover actions of this pair, newest first",
    empty: "no action yet",
    columns: [
      { label: "started", render: (a) => timeTag(a.createdAt) },
      { label: "action", render: (a) => `${esc(a.direction)} ${esc(a.from)} → ${esc(a.to)} <span class="muted">(${esc(a.mode)}, ${esc(a.requestedBy)})</span>` },
      { label: "state", render: (a) => badge(ACTION_TONE[a.state] ?? "info", a.state.replaceAll("_", " "), `data-state="${esc(a.state)}"`) },
      { label: "reason", render: (a) => esc(a.reason) },
      { label: "outcome", render: actionOutcome },
      { label: "decision", render: actionDecision },
    ],
    rows: list,
    rowAttrs: (a) => `data-action-row="${a.id}" data-action-state="${esc(a.state)}"`,
  }) + (!ctx.session.may("operator") ? "" : `<form id="action-request" class="toolbar"><label>Request <select name="direction" aria-label="Direction">
      <option value="failover">failover</option><option value="failback">failback</option></select></label>
    <input name="reason" required maxlength="2000" aria-label="Why the action should run" placeholder="reason">
    <button type="submit">Request action</button></form>`);
}

async function loadActions() {
  const list = await ctx.api.get("/api/v1/actions", { pair: id, limit: 20 });
  update(root.querySelector("#actions"), actionsPanel(list));
  root.querySelector("#actions").dataset.loaded = "true";
  return list;
}

async function load() {
  detail = await ctx.api.get(`/api/v1/pairs/${encodeURIComponent(id)}`, { range });
  update(root.querySelector("#head"), head(detail));
  update(root.querySelector("#timeline"), timeline(detail));
  update(root.querySelector("#events"), events(detail));
  const bar = (list, tenant) => heartbeatBar(dense(list, detail.buckets), { from: detail.from, bucketSeconds: detail.bucketSeconds,
    label: `Probe results of ${tenant}, last ${detail.range}` });
  update(root.querySelector("#beats"), `<div class="pair-sides"><div><h3>${esc(detail.pair.primary)} (primary)</h3>${bar(detail.primaryHeartbeat, detail.pair.primary)}</div>
    <div><h3>${esc(detail.pair.dr)} (DR)</h3>${bar(detail.drHeartbeat, detail.pair.dr)}</div></div>`);
  update(root.querySelector("#drift"), drift(detail));
  await loadReadiness().catch((err) => update(root.querySelector("#readiness"), errorBox(err)));
  await loadActions().catch((err) => update(root.querySelector("#actions"), errorBox(err)));
  await loadDuplicates(false);
  root.dataset.drawn = "true";
}

function rangeButtons() {
  return RANGES.map((r) => `<button type="button" data-range="${r}" aria-pressed="${r === range}">${r}</button>`).join("");
}

export default {
  async render(el, params, context) {
    root = el;
    ctx = context;
    id = params.id;
    range = RANGES.includes(params.range) ? params.range : "24h";
    tenants.clear();
    try {
      (await ctx.api.get("/api/v1/tenants")).forEach((t) => tenants.set(t.id, t));
      detail = await ctx.api.get(`/api/v1/pairs/${encodeURIComponent(id)}`, { range });
    } catch (e) {
      root.innerHTML = `<h1>Pair ${esc(id)}</h1>${errorBox(e)}<p><a href="/">Back to the overview</a></p>`;
      return;
    }
    root.innerHTML = `<div id="head"></div>
      <div class="toolbar"><span class="muted">Over the last ${esc(range)}</span>
        <div role="group" aria-label="Range" id="range">${rangeButtons()}</div></div>
      <section aria-labelledby="h-timeline"><h2 id="h-timeline">Serving tenant</h2><div id="timeline"></div></section>
      <section aria-labelledby="h-events"><h2 id="h-events">Failover and failback</h2><div id="events" class="scroll"></div></section>
      <section aria-labelledby="h-beats"><h2 id="h-beats">Heartbeats</h2><div id="beats"></div></section>
      <section aria-labelledby="h-dups" id="duplicates-section"><h2 id="h-dups">Duplicates</h2><div id="duplicates" class="scroll"></div></section>
      <section aria-labelledby="h-drift" id="drift-section"><h2 id="h-drift">DR drift</h2><div id="drift" class="scroll"></div></section>
      <section aria-labelledby="h-readiness" id="readiness-section"><h2 id="h-readiness">DR readiness</h2><div id="readiness" class="scroll"></div></section>
      <section aria-labelledby="h-actions" id="actions-section"><h2 id="h-actions">Failover actions</h2><div id="actions" class="scroll"></div></section>`;
    root.querySelector("#actions").addEventListener("submit", (e) => {
      e.preventDefault();
      const form = e.target;
      const done = () => loadActions().catch((err) => form.insertAdjacentHTML("beforeend", errorBox(err)));
      if (form.id === "action-request") {
        const reason = form.elements.reason.value.trim();
        if (!reason) return;
        ctx.api.post(`/api/v1/pairs/${encodeURIComponent(id)}/actions`, { direction: form.elements.direction.value, reason })
          .then(done).catch((err) => form.insertAdjacentHTML("beforeend", errorBox(err)));
        return;
      }
      const verb = e.submitter?.value;
      if (!form.dataset.action || !["approve", "reject"].includes(verb)) return;
      const note = form.elements.note.value.trim();
      ctx.api.post(`/api/v1/actions/${encodeURIComponent(form.dataset.action)}/${verb}`, note ? { note } : {})
        .then(done).catch((err) => form.insertAdjacentHTML("beforeend", errorBox(err)));
    });
    clearInterval(actionTimer);
    actionTimer = setInterval(() => {
      if (ctx.paused() || !root.querySelector("#actions")) return;
      loadActions().catch((e) => console.warn(e));
    }, 3000);
    root.querySelector("#readiness").addEventListener("submit", (e) => {
      const form = e.target.closest("form[data-ack]");
      if (!form) return;
      e.preventDefault();
      const reason = form.elements.reason.value.trim();
      if (!reason) return;
      ctx.api.post(`/api/v1/pairs/${encodeURIComponent(id)}/readiness/${encodeURIComponent(form.dataset.ack)}/ack`, { reason })
        .then(loadReadiness)
        .catch((err) => form.insertAdjacentHTML("beforeend", errorBox(err)));
    });
    root.querySelector("#range").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-range]");
      if (!b || b.dataset.range === range) return;
      range = b.dataset.range;
      ctx.setQuery(range === "24h" ? {} : { range });
      root.querySelectorAll("#range button").forEach((x) => x.setAttribute("aria-pressed", String(x.dataset.range === range)));
      root.querySelector(".toolbar .muted").textContent = `Over the last ${range}`;
      load().catch((err) => root.insertAdjacentHTML("beforeend", errorBox(err)));
    });
    await load().catch((err) => root.insertAdjacentHTML("beforeend", errorBox(err)));
    const anchor = location.hash.slice(1);
    if (anchor) (document.getElementById(`${anchor}-section`) ?? document.getElementById(anchor))?.scrollIntoView();
  },
  onEvent(event) {
    if (event.type === "alert" && (!event.data.tenant || event.data.tenant === detail?.pair.primary || event.data.tenant === detail?.pair.dr)) {
      if (ctx.paused()) return;
      clearTimeout(reload);
      reload = setTimeout(() => load().catch((e) => console.warn(e)), 500);
    } else if (event.type === "tenant" || event.type === "tenants") {
      (event.type === "tenant" ? [event.data] : event.data).forEach((t) => tenants.set(t.id, t));
      if (detail) update(root.querySelector("#head"), head(detail));
    }
  },
  dispose() {
    clearInterval(actionTimer);
    actionTimer = null;
    clearTimeout(reload);
    reload = null;
    next = null;
  },
};
