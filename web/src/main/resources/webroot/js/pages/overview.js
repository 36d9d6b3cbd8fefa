// The overview (/): one tile per tenant, the open alerts first, notifications, forwarders and the latest messages.
// Tiles follow the event stream (tenants, tenant, messages); each list is read again only when its own event says
// it changed.
import { ago, badge, esc, table, timeTag, update, span } from "../ui.js";

let api = null;
let root = null;
let timers = [];
const due = new Set();
let dueTimer = null;

function tileState(t) {
  if (!t.probe) return "unknown";
  return t.probe.up ? "up" : "down";
}

export function renderTile(t) {
  const state = tileState(t);
  const probe = t.probe;
  const probeText = !probe ? "no probe yet"
    : probe.up ? `up · ${probe.statusCode} · ${probe.latencyMs} ms` : `down · ${probe.statusCode ?? "no answer"}`;
  const role = t.pair ? `${esc(t.pair)} · ${esc(t.role ?? "")}` : "unpaired";
  const ingest = t.ingest;
  const open = t.alerts.firing + t.alerts.pending;
  const error = (probe && !probe.up && probe.error) || (ingest && ingest.lastError)
    || (ingest && Object.values(ingest.failedSteps ?? {})[0]);
  return `<article class="tile" data-tenant="${esc(t.id)}" data-state="${state}" aria-labelledby="tile-${esc(t.id)}">
    <h3><a id="tile-${esc(t.id)}" href="/tenants/${encodeURIComponent(t.id)}">${esc(t.name)}</a>
      ${badge(state, probeText, 'data-role="probe"')}</h3>
    <div class="meta">${esc(t.id)} · ${role}${open ? ` · ${badge("firing", `${t.alerts.firing} firing${t.alerts.pending ? `, ${t.alerts.pending} pending` : ""}`, 'data-role="alerts"')}` : ""}</div>
    <dl class="stats">
      <div class="stat"><dt>messages ${t.messages.windowMinutes}m</dt><dd data-role="messages">${t.messages.total}</dd></div>
      <div class="stat"><dt>failed ${t.messages.windowMinutes}m</dt><dd data-role="failed">${t.messages.failed}</dd></div>
      <div class="stat"><dt>last ingest</dt><dd data-role="ingest">${ingest ? ago(ingest.lastSuccess) : "–"}</dd></div>
    </dl>
    ${error ? `<p class="error">${esc(error)}</p>` : ""}
  </article>`;
}

function tileOf(id) {
  return [...root.querySelectorAll(".tile")].find((el) => el.dataset.tenant === id);
}

function renderTiles(tenants) {
  update(root.querySelector("#tiles"), tenants.length ? tenants.map(renderTile).join("")
    : `<p class="empty">No tenants configured.</p>`);
}

function renderOneTile(t) {
  const old = tileOf(t.id);
  if (old) {
    old.outerHTML = renderTile(t);
  } else {
    root.querySelector("#tiles .empty")?.remove();
    root.querySelector("#tiles").insertAdjacentHTML("beforeend", renderTile(t));
  }
}

function renderCounts(m) {
  const tile = tileOf(m.tenant);
  if (!tile) return;
  tile.querySelector('[data-role="messages"]').textContent = m.total;
  tile.querySelector('[data-role="failed"]').textContent = m.failed;
}

function muted(a) {
  if (a.state === "RESOLVED") return "";
  return a.ackedBy ? "acked" : a.silencedBy ? "silenced" : a.inhibitedBy ? "inhibited" : "";
}

// Open alerts come first however old they are (firing, then pending, newest first), so that long-firing alerts
// never drop off behind resolved ones; then the most recent others.
function alertList(firing, pending, recent) {
  const byNewest = (a, b) => Date.parse(b.activeAt) - Date.parse(a.activeAt);
  const open = [...firing.sort(byNewest), ...pending.sort(byNewest)];
  const ids = new Set(open.map((a) => a.id));
  return [...open, ...recent.filter((a) => !ids.has(a.id) && a.state !== "FIRING" && a.state !== "PENDING")];
}

const lists = {
  alerts: async () => {
    const [firing, pending, recent] = await Promise.all([api.get("/api/v1/alerts", { state: "firing", limit: 200 }),
      api.get("/api/v1/alerts", { state: "pending", limit: 200 }), api.get("/api/v1/alerts", { limit: 20 })]);
    update(root.querySelector("#alerts"), table({
      caption: "Alerts, open first",
      columns: [
        { label: "state", render: (a) => badge(a.state, a.state) + (muted(a) ? ` ${badge(muted(a), muted(a), `data-muted="${muted(a)}"`)}` : "") },
        { label: "rule", render: (a) => esc(a.rule) },
        { label: "tenant", render: (a) => esc(a.labels.tenant ?? a.labels.pair ?? "") },
        { label: "summary", render: (a) => esc(a.annotations.summary ?? "") },
        { label: "since", render: (a) => timeTag(a.activeAt) },
      ],
      rows: alertList(firing, pending, recent),
      rowAttrs: (a) => `data-alert-id="${esc(a.id)}" data-state="${esc(a.state)}" data-muted="${esc(muted(a))}"`,
    }));
  },
  notifications: async () => update(root.querySelector("#notifications"), table({
    caption: "Notifications",
    columns: [
      { label: "state", render: (n) => badge(n.state) },
      { label: "channel", render: (n) => esc(n.channel) },
      { label: "attempts", render: (n) => esc(n.attempts) },
      { label: "created", render: (n) => timeTag(n.createdAt) },
      { label: "last error", render: (n) => esc(n.lastError ?? "") },
    ],
    rows: await api.get("/api/v1/notifications", { limit: 20 }),
  })),
  messages: async () => update(root.querySelector("#messages"), table({
    caption: "Latest messages",
    columns: [
      { label: "tenant", render: (m) => esc(m.tenantId) },
      { label: "status", render: (m) => badge(m.status) },
      { label: "iFlow", render: (m) => esc(m.artifactId ?? m.integrationFlowName) },
      { label: "application id", render: (m) => esc(m.applicationMessageId ?? "") },
      { label: "last update", render: (m) => timeTag(m.logEnd) },
    ],
    rows: await api.get("/api/v1/messages", { limit: 25 }),
  })),
  forwarders: async () => {
    const forwarders = await api.get("/api/v1/forwarders");
    const state = (f) => (f.stopped ? "stopped" : f.lagging ? "lagging" : "running");
    update(root.querySelector("#forwarders"), table({
      caption: "Forwarders",
      empty: "no forwarders configured",
      columns: [
        { label: "forwarder", render: (f) => esc(f.name) },
        { label: "type", render: (f) => esc(f.type) },
        { label: "state", render: (f) => badge(state(f), f.stopped ? `stopped: ${f.stopped}` : state(f)) },
        { label: "lag rows", render: (f) => `<span data-role="lag-rows">${f.lagRows}</span>` },
        { label: "lag", render: (f) => `<span data-role="lag-seconds">${span(f.lagSeconds)}</span>` },
        { label: "last success", render: (f) => `<span data-role="last-success">${ago(f.lastSuccess)}</span>` },
        { label: "last error", render: (f) => esc(f.lastError ?? "") },
        { label: "dead letters", render: (f) => `<span data-role="dead-letters">${f.deadLetters}</span>` },
      ],
      rows: forwarders,
      rowAttrs: (f) => `data-forwarder="${esc(f.name)}" data-state="${state(f)}"`,
    }));
  },
};

async function refresh(names) {
  await Promise.all(names.map((name) => lists[name]().catch((e) => console.warn(e))));
}

// Lists named by events within half a second are read once.
function schedule(names) {
  names.forEach((n) => due.add(n));
  if (dueTimer) return;
  dueTimer = setTimeout(() => {
    dueTimer = null;
    const names2 = [...due];
    due.clear();
    refresh(names2);
  }, 500);
}

let snapshots = 0;

export default {
  path: "/",
  title: "Overview",
  nav: "Overview",
  async render(el, params, ctx) {
    root = el;
    api = ctx.api;
    snapshots = 0;
    root.innerHTML = `<h1>Overview</h1>
      <section aria-labelledby="h-tenants"><h2 id="h-tenants">Tenants</h2><div id="tiles" class="tiles"></div></section>
      <div class="lists">
        <section aria-labelledby="h-alerts"><h2 id="h-alerts">Alerts</h2><div id="alerts"></div></section>
        <section aria-labelledby="h-notifications"><h2 id="h-notifications">Notifications</h2><div id="notifications"></div></section>
      </div>
      <section aria-labelledby="h-forwarders"><h2 id="h-forwarders">Forwarders</h2><div id="forwarders"></div></section>
      <section aria-labelledby="h-messages"><h2 id="h-messages">Latest messages</h2><div id="messages"></div></section>`;
    // forwarders change without tenant events (a peer acknowledges, falls behind)
    timers.push(setInterval(() => ctx.paused() || lists.forwarders().catch((e) => console.warn(e)), 10000));
    await Promise.all([api.get("/api/v1/tenants").then(renderTiles), refresh(Object.keys(lists))]);
  },
  onEvent(event) {
    switch (event.type) {
      case "tenants":
        renderTiles(event.data);
        // a snapshot after a gap: what the lists show may be stale too (the first one follows the initial reads)
        if (snapshots++ > 0) schedule(Object.keys(lists));
        break;
      case "tenant":
        renderOneTile(event.data);
        break;
      case "messages":
        renderCounts(event.data);
        schedule(["messages"]);
        break;
      case "alert":
        schedule(["alerts"]);
        break;
      case "notification":
        schedule(["notifications"]);
        break;
      default:
    }
  },
  dispose() {
    timers.forEach(clearInterval);
    timers = [];
    clearTimeout(dueTimer);
    dueTimer = null;
    due.clear();
  },
};
