// cpimon dashboard: tiles from the SSE stream (/api/v1/events), which sends one snapshot and then small typed events
// (tenant, messages, alert, notification); each list is read again only when its own event says it changed.
// No build step.
"use strict";

const $ = (sel) => document.querySelector(sel);

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function ago(iso) {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 90 ? `${s}s ago` : s < 5400 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : "";
}

function tileState(t) {
  if (!t.probe) return "unknown";
  return t.probe.up ? "up" : "down";
}

function renderTile(t) {
  const state = tileState(t);
  const probe = t.probe;
  const probeText = !probe ? "no probe yet"
    : probe.up ? `up · ${probe.statusCode} · ${probe.latencyMs} ms` : `down · ${probe.statusCode ?? "no answer"}`;
  const role = t.pair ? `${esc(t.pair)} · ${esc(t.role ?? "")}` : "unpaired";
  const ingest = t.ingest;
  const alerts = t.alerts.firing + t.alerts.pending;
  const error = (probe && !probe.up && probe.error) || (ingest && ingest.lastError)
    || (ingest && Object.values(ingest.failedSteps ?? {})[0]);
  return `<article class="tile" data-tenant="${esc(t.id)}" data-state="${state}">
    <h3><span>${esc(t.name)}</span><span class="badge ${state}" data-role="probe">${esc(probeText)}</span></h3>
    <div class="meta">${esc(t.id)} · ${role}${alerts ? ` · <span class="badge alert" data-role="alerts">${t.alerts.firing} firing${t.alerts.pending ? `, ${t.alerts.pending} pending` : ""}</span>` : ""}</div>
    <div class="stats">
      <div class="stat"><b data-role="messages">${t.messages.total}</b><span>messages ${t.messages.windowMinutes}m</span></div>
      <div class="stat"><b data-role="failed">${t.messages.failed}</b><span>failed ${t.messages.windowMinutes}m</span></div>
      <div class="stat"><b data-role="ingest">${ingest ? ago(ingest.lastSuccess) : "–"}</b><span>last ingest</span></div>
    </div>
    ${error ? `<div class="error">${esc(error)}</div>` : ""}
  </article>`;
}

function renderTiles(tenants) {
  $("#tiles").innerHTML = tenants.length ? tenants.map(renderTile).join("") : `<p class="empty">No tenants configured.</p>`;
}

function tileOf(id) {
  return [...document.querySelectorAll(".tile")].find((el) => el.dataset.tenant === id);
}

// One tenant's tile changed: replace it (or add it, for a tenant the page did not show yet).
function renderOneTile(t) {
  const old = tileOf(t.id);
  if (old) {
    old.outerHTML = renderTile(t);
  } else {
    $("#tiles .empty")?.remove();
    $("#tiles").insertAdjacentHTML("beforeend", renderTile(t));
  }
}

function renderCounts(m) {
  const tile = tileOf(m.tenant);
  if (!tile) return;
  tile.querySelector('[data-role="messages"]').textContent = m.total;
  tile.querySelector('[data-role="failed"]').textContent = m.failed;
}

function rows(table, items, render, columns) {
  $(table + " tbody").innerHTML = items.length ? items.map(render).join("")
    : `<tr><td class="empty" colspan="${columns}">none</td></tr>`;
}

// The session: the dashboard logs in with a token once and then rides an HttpOnly cookie (also for SSE).
const session = { csrf: null };

// Every API call goes through here: state-changing calls carry the session's CSRF token.
async function api(method, url, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = session.csrf ?? "";
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401) { showLogin(); throw new Error("not logged in"); }
  if (!r.ok) {
    const problem = await r.json().catch(() => ({}));
    throw new Error(problem.detail ?? `${url}: HTTP ${r.status}`);
  }
  return r.status === 204 ? null : r.json();
}
window.cpimon = { api };

function getJson(url) {
  return api("GET", url);
}

const lists = {
  alerts: async () => {
    const [firing, pending, recent] = await Promise.all([getJson("/api/v1/alerts?state=firing&limit=200"),
      getJson("/api/v1/alerts?state=pending&limit=200"), getJson("/api/v1/alerts?limit=20")]);
    rows("#alerts", alertList(firing, pending, recent), (a) => `<tr data-alert-id="${esc(a.id)}" data-state="${esc(a.state)}"
      data-muted="${esc(muted(a))}"><td class="${esc(a.state)}">${esc(a.state)}${mutedBadge(a)}</td><td>${esc(a.rule)}</td>
      <td>${esc(a.labels.tenant ?? a.labels.pair ?? "")}</td><td>${esc(a.annotations.summary ?? "")}</td><td>${time(a.activeAt)}</td></tr>`, 5);
  },
  notifications: async () => rows("#notifications", await getJson("/api/v1/notifications?limit=20"), (n) => `<tr><td class="${esc(n.state)}">${esc(n.state)}</td><td>${esc(n.channel)}</td>
      <td>${n.attempts}</td><td>${time(n.createdAt)}</td><td>${esc(n.lastError ?? "")}</td></tr>`, 5),
  messages: async () => rows("#messages", await getJson("/api/v1/messages?limit=25"), (m) => `<tr><td>${esc(m.tenantId)}</td><td class="${esc(m.status)}">${esc(m.status)}</td>
      <td>${esc(m.artifactId ?? m.integrationFlowName)}</td><td>${esc(m.applicationMessageId ?? "")}</td><td>${time(m.logEnd)}</td></tr>`, 5),
};

async function refreshLists(names) {
  await Promise.all(names.map((name) => lists[name]().catch((e) => console.warn(e))));
}

// Lists named by events within half a second are read once.
const dueLists = new Set();

// Open alerts come first however old they are (firing, then pending, newest first), so that long-firing alerts
// never drop off behind resolved ones; then the most recent others.
function alertList(firing, pending, recent) {
  const byNewest = (a, b) => Date.parse(b.activeAt) - Date.parse(a.activeAt);
  const open = [...firing.sort(byNewest), ...pending.sort(byNewest)];
  const ids = new Set(open.map((a) => a.id));
  return [...open, ...recent.filter((a) => !ids.has(a.id) && a.state !== "FIRING" && a.state !== "PENDING")];
}

function muted(a) {
  if (a.state === "RESOLVED") return "";
  return a.ackedBy ? "acked" : a.silencedBy ? "silenced" : a.inhibitedBy ? "inhibited" : "";
}

function mutedBadge(a) {
  const kind = muted(a);
  if (!kind) return "";
  const title = kind === "acked" ? `acknowledged by ${a.ackedBy}${a.ackComment ? ": " + a.ackComment : ""}`
    : kind === "silenced" ? `silenced by ${a.silencedBy}` : `inhibited by ${a.inhibitedBy}`;
  return ` <span class="badge muted" data-muted="${kind}" title="${esc(title)}">${kind}</span>`;
}

function forwarderState(f) {
  if (f.stopped) return "stopped";
  return f.lagging ? "lagging" : "running";
}

function seconds(s) {
  return s < 90 ? `${s}s` : s < 5400 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
}

// Forwarders change without tenant events (a peer acknowledges, falls behind): refreshed on a timer as well.
async function refreshForwarders() {
  try {
    const forwarders = await getJson("/api/v1/forwarders");
    $("#forwarders tbody").innerHTML = forwarders.length ? forwarders.map((f) => {
      const state = forwarderState(f);
      return `<tr data-forwarder="${esc(f.name)}" data-state="${state}"><td>${esc(f.name)}</td><td>${esc(f.type)}</td>
      <td class="${state}">${esc(f.stopped ? `stopped: ${f.stopped}` : state)}</td><td data-role="lag-rows">${f.lagRows}</td>
      <td data-role="lag-seconds">${seconds(f.lagSeconds)}</td><td data-role="last-success">${ago(f.lastSuccess)}</td>
      <td>${esc(f.lastError ?? "")}</td><td data-role="dead-letters">${f.deadLetters}</td></tr>`;
    }).join("") : `<tr><td class="empty" colspan="8">no forwarders configured</td></tr>`;
  } catch (e) {
    console.warn(e);
  }
}

let listTimer = null;
function scheduleLists(names) {
  names.forEach((name) => dueLists.add(name));
  if (listTimer) return;
  listTimer = setTimeout(() => {
    listTimer = null;
    const due = [...dueLists];
    dueLists.clear();
    refreshLists(due);
    refreshForwarders();
  }, 500);
}

let snapshots = 0;
function connect() {
  const stream = $("#stream");
  // EventSource resumes with Last-Event-ID by itself: the server replays what was missed, or sends a new snapshot
  const source = new EventSource("/api/v1/events");
  source.addEventListener("open", () => { stream.dataset.state = "live"; stream.textContent = "live"; });
  source.addEventListener("error", () => { stream.dataset.state = "lost"; stream.textContent = "reconnecting…"; });
  source.addEventListener("tenants", (e) => {
    renderTiles(JSON.parse(e.data));
    // a snapshot after a gap: what the lists show may be stale too (the first one follows the initial reads)
    if (snapshots++ > 0) scheduleLists(Object.keys(lists));
  });
  source.addEventListener("tenant", (e) => renderOneTile(JSON.parse(e.data)));
  source.addEventListener("messages", (e) => {
    renderCounts(JSON.parse(e.data));
    scheduleLists(["messages"]);
  });
  source.addEventListener("alert", () => scheduleLists(["alerts"]));
  source.addEventListener("notification", () => scheduleLists(["notifications"]));
}

function showLogin() {
  $("#app").hidden = true;
  $("#login").hidden = false;
  $("#token").focus();
}

function start(who) {
  session.csrf = who.csrfToken ?? null;
  $("#who").textContent = who.authentication ? `${who.name} (${who.role})` : "";
  $("#login").hidden = true;
  $("#app").hidden = false;
  getJson("/api/v1/tenants").then(renderTiles).catch((e) => console.warn(e));
  refreshLists(Object.keys(lists));
  refreshForwarders();
  setInterval(refreshForwarders, 10000);
  connect();
}

$("#login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const r = await fetch("/api/v1/session", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token: $("#token").value }) });
  $("#token").value = "";
  if (r.ok) start(await r.json());
  else $("#login-error").textContent = (await r.json().catch(() => ({}))).detail ?? `HTTP ${r.status}`;
});

fetch("/api/v1/session").then(async (r) => (r.ok ? start(await r.json()) : showLogin())).catch(showLogin);
