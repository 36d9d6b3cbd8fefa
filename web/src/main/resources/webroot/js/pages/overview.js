// The overview (/): every pair as one card (primary and DR side by side, which one serves traffic), unpaired tenants
// as tiles, each with a heartbeat bar, sparklines of messages per minute and success rate, ingest lag and open alerts;
// a banner while anything is down; click-through counts; maintenance to come; then alerts, notifications, forwarders
// and the latest messages. One read of GET /api/v1/overview, then the event stream: a tenant event redraws that
// tenant's tile at once (and its pair card's state), alert events re-read the overview.
import { ago, badge, count, esc, percent, span, table, timeTag, update } from "../ui.js";
import { bucketTimes, dense, heartbeatBar, heartbeatText, sparkline } from "../charts.js";

const RANGES = ["1h", "24h"];
const REFRESH_MS = 30000;

let api = null;
let ctx = null;
let root = null;
let range = "1h";
let model = null;
let timers = [];
const due = new Set();
let dueTimer = null;
let snapshots = 0;
/** The latest tile per tenant id (from the overview or a tenant event). */
const tiles = new Map();
/** Tile elements by tenant id, the ids of the tiles in or near the viewport, and the charts not yet drawn. */
const tileEls = new Map();
const visible = new Set();
const undrawn = new Map();
let observer = null;
let sighted = Promise.resolve();
/** Tenant events that came before the first overview was drawn: applied right after it. */
const early = [];
let firstRead = false;

function tileState(t) {
  if (!t.probe) return "unknown";
  return t.probe.up ? "up" : "down";
}

function probeText(t) {
  const p = t.probe;
  if (!p) return "no probe yet";
  return p.up ? `up · ${p.statusCode} · ${p.latencyMs} ms` : `down · ${p.statusCode ?? "no answer"}`;
}

/** The part of a tile that a tenant event redraws: name, state, role, alerts, counts, error. */
function tileHead(t, extra) {
  const state = tileState(t);
  const ingest = t.ingest;
  const open = t.alerts.firing + t.alerts.pending;
  const error = (t.probe && !t.probe.up && t.probe.error) || (ingest && ingest.lastError)
    || (ingest && Object.values(ingest.failedSteps ?? {})[0]);
  const role = t.pair ? `${esc(t.role ?? "")} of ${esc(t.pair)}` : "unpaired";
  const lag = ingest?.lagSeconds;
  return `<h3><a id="tile-${esc(t.id)}" href="/tenants/${encodeURIComponent(t.id)}">${esc(t.name)}</a>
      ${badge(state, probeText(t), 'data-role="probe"')}</h3>
    <div class="meta">${esc(t.id)} · ${role}${open ? ` · <a href="/alerts?state=firing,pending&amp;tenant=${encodeURIComponent(t.id)}">${badge("firing", `${t.alerts.firing} firing${t.alerts.pending ? `, ${t.alerts.pending} pending` : ""}`, 'data-role="alerts"')}</a>` : ""}</div>
    <dl class="stats">
      <div class="stat"><dt>messages ${t.messages.windowMinutes}m</dt><dd data-role="messages">${t.messages.total}</dd></div>
      <div class="stat"><dt>failed ${t.messages.windowMinutes}m</dt><dd data-role="failed">${t.messages.failed}</dd></div>
      <div class="stat"><dt>last ingest</dt><dd data-role="ingest" title="ingest lag">${ingest ? ago(ingest.lastSuccess) : "–"}</dd></div>
      ${extra ? `<div class="stat"><dt>success ${esc(range)}</dt><dd data-role="success">${percent(extra.successRate)}</dd></div>
      <div class="stat"><dt>ingest lag</dt><dd data-role="lag">${lag == null ? "–" : span(lag)}</dd></div>
      <div class="stat"><dt>certs &lt; 30 d</dt><dd data-role="certs">${extra.certificatesExpiring}</dd></div>` : ""}
    </dl>
    ${error ? `<p class="error">${esc(error)}</p>` : ""}`;
}

function tileMarkup(entry) {
  const t = entry.tile;
  return `<article class="tile" data-tenant="${esc(t.id)}" data-state="${tileState(t)}" aria-labelledby="tile-${esc(t.id)}">
    <div class="tile-head">${tileHead(t, entry)}</div>
    <div class="tile-charts">
      <div class="beats" data-role="heartbeat"></div>
      <div class="sparks">
        <figure class="spark"><div class="chart" data-role="flow"></div><figcaption data-role="flow-text"></figcaption></figure>
        <figure class="spark"><div class="chart" data-role="rate"></div><figcaption data-role="rate-text"></figcaption></figure>
      </div>
    </div>
  </article>`;
}

function pairState(p) {
  const serving = tiles.get(p.serving);
  const other = tiles.get(p.serving === p.primary ? p.dr : p.primary);
  if (serving && tileState(serving) === "down") return "down";
  if ((other && tileState(other) === "down") || p.failedOver) return "degraded";
  return serving && tileState(serving) === "up" ? "up" : "unknown";
}

function pairHead(p) {
  const state = pairState(p);
  const stateText = state === "down" ? "serving tenant down" : state === "degraded" ? (p.failedOver ? "failed over" : "one side down") : state;
  return `<h3><a href="/pairs/${encodeURIComponent(p.id)}">Pair ${esc(p.id)}</a> ${badge(state === "unknown" ? "info" : state, stateText, 'data-role="pair-state"')}</h3>
    <p class="meta">${esc(p.mode)} · serving now: <strong data-role="serving">${esc(p.serving)}</strong>${p.failedOver ? " (failover)" : ""}
      ${p.duplicates ? ` · <a href="/pairs/${encodeURIComponent(p.id)}#duplicates">${badge("warn", `${p.duplicates} duplicates`)}</a>` : ""}
      ${p.drift ? ` · <a href="/pairs/${encodeURIComponent(p.id)}#drift">${badge("warn", `${p.drift} drift`)}</a>` : ""}</p>`;
}

function pairMarkup(p, byId) {
  const side = (id, role) => {
    const entry = byId.get(id);
    return `<div class="side" data-side="${role}" data-serving="${p.serving === id}">
      <p class="side-label">${esc(role)}${p.serving === id ? ` ${badge("serving", "serving")}` : ` ${badge("standby", "standby")}`}</p>
      ${entry ? tileMarkup(entry) : `<p class="empty">${esc(id)} is not configured</p>`}</div>`;
  };
  return `<article class="pair" data-pair="${esc(p.id)}" data-state="${pairState(p)}" data-serving="${esc(p.serving)}">
    <div class="pair-head">${pairHead(p)}</div>
    <div class="pair-sides">${side(p.primary, "primary")}${side(p.dr, "dr")}</div>
  </article>`;
}

/** The API's compact rows ([bucket, probes, down, p50Ms, maxMs] and [bucket, total, completed, failed]) as objects. */
function beatsOf(rows) {
  return (rows ?? []).map(([bucket, probes, down, p50Ms, maxMs]) => ({ bucket, probes, down, p50Ms, maxMs }));
}

function flowOf(rows) {
  return (rows ?? []).map(([bucket, total, completed, failed]) => ({ bucket, total, completed, failed }));
}

// The texts (the charts' text alternative) are written for every tile at once; the SVG heartbeat bar and the uPlot
// sparklines only for tiles in or near the viewport, the others when they scroll into it (their bar's words stand in
// for it meanwhile, for screen readers).
function drawCharts(entry) {
  const el = tileOf(entry.tile.id);
  if (!el || !model) return;
  const n = model.buckets;
  const charts = { beats: dense(beatsOf(entry.heartbeat), n), flow: dense(flowOf(entry.throughput), n),
    label: `Probe results of ${entry.tile.name}, last ${range}` };
  const total = charts.flow.reduce((s, b) => s + (b ? b.total : 0), 0);
  const avg = total / ((n * model.bucketSeconds) / 60);
  el.querySelector('[data-role="flow-text"]').textContent = `${avg.toFixed(1)} msg/min (${range})`;
  el.querySelector('[data-role="rate-text"]').textContent = `${percent(entry.successRate)} success`;
  if (visible.has(entry.tile.id)) {
    undrawn.delete(entry.tile.id);
    drawVisuals(el, charts);
  } else {
    undrawn.set(entry.tile.id, charts);
    const beats = el.querySelector('[data-role="heartbeat"]');
    if (!beats.firstElementChild?.matches(".sr-only")) beats.innerHTML = `<span class="sr-only"></span>`;
    beats.firstElementChild.textContent = heartbeatText(charts.beats, charts.label);
  }
}

function drawVisuals(el, { beats, flow, label }) {
  const n = model.buckets;
  el.querySelector('[data-role="heartbeat"]').innerHTML = heartbeatBar(beats, { from: model.from,
    bucketSeconds: model.bucketSeconds, label });
  const xs = bucketTimes(model.from, n, model.bucketSeconds);
  const perMinute = flow.map((b) => (b ? b.total / (model.bucketSeconds / 60) : 0));
  const rate = flow.map((b) => (b && b.completed + b.failed > 0 ? b.completed / (b.completed + b.failed) : null));
  // the last bucket is still filling: leave it out of the sparklines
  const upto = Math.max(1, n - 1);
  sparkline(el.querySelector('[data-role="flow"]'), xs.slice(0, upto), perMinute.slice(0, upto), { kind: "flow" });
  sparkline(el.querySelector('[data-role="rate"]'), xs.slice(0, upto), rate.slice(0, upto), { kind: "rate", min: 0, max: 1 });
}

/** Draws the charts of a tile in or near the viewport, unless they are drawn already. */
function drawNow(id) {
  const charts = undrawn.get(id);
  const el = tileOf(id);
  if (charts && el && model) {
    undrawn.delete(id);
    drawVisuals(el, charts);
  }
}

/** Draws these tiles' charts a few per animation frame, keeping the page responsive meanwhile. */
function drawSoon(ids) {
  if (!ids.length) return;
  requestAnimationFrame(() => {
    ids.splice(0, 4).forEach((id) => visible.has(id) && drawNow(id));
    drawSoon(ids);
  });
}

/** Watches every tile; resolves `sighted` once the first pass has drawn the tiles in view. */
function watchTiles() {
  observer?.disconnect();
  tileEls.clear();
  root.querySelectorAll(".tile").forEach((el) => tileEls.set(el.dataset.tenant, el));
  let first = null;
  sighted = new Promise((resolve) => { first = resolve; });
  if (!tileEls.size || typeof IntersectionObserver === "undefined") {
    tileEls.forEach((el, id) => visible.add(id));
    first();
    return;
  }
  // tiles on the screen are drawn at once; those within a viewport of it in the frames after (before one can scroll)
  observer = new IntersectionObserver((seen) => {
    const later = [];
    for (const e of seen) {
      const id = e.target.dataset.tenant;
      if (!e.isIntersecting) {
        visible.delete(id);
        continue;
      }
      visible.add(id);
      const onScreen = e.boundingClientRect.bottom > 0 && e.boundingClientRect.top < innerHeight;
      (onScreen ? drawNow : (id2) => later.push(id2))(id);
    }
    first();
    drawSoon(later);
  }, { rootMargin: "100% 0px" });
  tileEls.forEach((el) => observer.observe(el));
}

function tileOf(id) {
  return tileEls.get(id);
}

function countsMarkup(c, pairs) {
  const dupHref = pairs.length === 1 ? `/pairs/${encodeURIComponent(pairs[0].id)}#duplicates`
    : "/alerts?state=firing,pending&q=duplicate_processing";
  const item = (key, n, label, href, bad = n > 0) =>
    `<li class="count" data-count="${key}" data-state="${bad ? "bad" : "ok"}"><a href="${esc(href)}"><b>${count(n)}</b> <span>${esc(label)}</span></a></li>`;
  return `<ul class="counts">
    ${item("firing", c.firing + c.pending, `open alerts (${c.firing} firing)`, "/alerts?state=firing,pending")}
    ${item("failed", c.failed, "failed messages (24 h)", `/messages?status=FAILED&from=${encodeURIComponent(c.failedSince)}`)}
    ${item("stuck", c.stuck, "stuck messages", "/alerts?state=firing,pending&q=stuck_messages")}
    ${item("duplicates", c.duplicates, "duplicates", dupHref)}
    ${item("certificates", c.certificatesExpiring, "certificates expiring < 30 d", "/alerts?state=firing,pending&q=cert_expiry")}
    ${item("dead", c.deadNotifications, "dead notifications", "/channels")}
  </ul>`;
}

function bannerMarkup() {
  const down = [...tiles.values()].filter((t) => tileState(t) === "down");
  if (!down.length) return `<p class="banner ok" data-state="ok">${badge("ok", "all tenants up")}</p>`;
  return `<p class="banner bad" data-state="down"><span aria-hidden="true">✕</span> Down: ${down.map((t) =>
    `<a href="/tenants/${encodeURIComponent(t.id)}">${esc(t.name)}</a>`).join(", ")}</p>`;
}

function maintenanceMarkup(list) {
  if (!list.length) return `<p class="empty">No maintenance scheduled.</p>`;
  return `<ul class="plain">${list.map((m) => `<li data-silence="${m.id}">${timeTag(m.startsAt)} – ${timeTag(m.endsAt)}:
    <code>${esc(m.matchers.join(", "))}</code>${m.comment ? ` — ${esc(m.comment)}` : ""} <span class="muted">(by ${esc(m.createdBy)})</span></li>`).join("")}</ul>`;
}

function renderModel(m) {
  model = m;
  const byId = new Map(m.tenants.map((e) => [e.tile.id, e]));
  m.tenants.forEach((e) => tiles.set(e.tile.id, e.tile));
  const paired = new Set(m.pairs.flatMap((p) => [p.primary, p.dr]));
  const unpaired = m.tenants.filter((e) => !paired.has(e.tile.id));
  const pairsEl = root.querySelector("#pairs");
  const tilesEl = root.querySelector("#tiles");
  // the structure is drawn once; later reads update each part in place (charts keep their canvases, focus stays)
  const shape = `${m.pairs.map((p) => `${p.id}:${p.primary}:${p.dr}`).join()}|${unpaired.map((e) => e.tile.id).join()}`;
  if (root.dataset.shape !== shape) {
    root.dataset.shape = shape;
    pairsEl.innerHTML = m.pairs.map((p) => pairMarkup(p, byId)).join("");
    root.querySelector("#pairs-section").hidden = !m.pairs.length;
    tilesEl.innerHTML = unpaired.length ? unpaired.map(tileMarkup).join("")
      : `<p class="empty">${m.tenants.length ? "Every tenant belongs to a pair." : "No tenants configured."}</p>`;
    visible.clear();
    undrawn.clear();
    watchTiles();
  } else {
    m.tenants.forEach((e) => redrawTile(e.tile, e));
    m.pairs.forEach(redrawPair);
  }
  m.tenants.forEach(drawCharts);
  update(root.querySelector("#counts"), countsMarkup(m.counts, m.pairs));
  update(root.querySelector("#banner"), bannerMarkup());
  update(root.querySelector("#maintenance"), maintenanceMarkup(m.maintenance));
  root.querySelector("#range-note").textContent = `Heartbeats and sparklines: last ${range}, as of ${new Date(m.at).toLocaleTimeString()}.`;
  // tenant events that came while this was read: only those that change a tile are redrawn
  early.splice(0).filter((t) => JSON.stringify(t) !== JSON.stringify(tiles.get(t.id))).forEach(onTenant);
}

function entryOf(id) {
  return model?.tenants.find((e) => e.tile.id === id);
}

function redrawTile(t, entry = entryOf(t.id)) {
  const el = tileOf(t.id);
  if (!el) return false;
  el.dataset.state = tileState(t);
  update(el.querySelector(".tile-head"), tileHead(t, entry));
  return true;
}

function redrawPair(p) {
  const el = root.querySelector(`.pair[data-pair="${CSS.escape(p.id)}"]`);
  if (!el) return;
  el.dataset.state = pairState(p);
  el.dataset.serving = p.serving;
  update(el.querySelector(".pair-head"), pairHead(p));
  el.querySelectorAll(".side").forEach((side) => {
    const id = side.querySelector(".tile")?.dataset.tenant;
    const serving = id === p.serving;
    if (side.dataset.serving !== String(serving)) {
      side.dataset.serving = String(serving);
      side.querySelector(".side-label").innerHTML = `${esc(side.dataset.side)} ${serving ? badge("serving", "serving") : badge("standby", "standby")}`;
    }
  });
}

function onTenant(t) {
  if (!model) {
    // no overview drawn yet: the one being read draws every tile, this event is applied after it
    early.push(t);
    if (!firstRead) schedule(["overview"]);
    return;
  }
  tiles.set(t.id, t);
  const entry = entryOf(t.id);
  if (entry) entry.tile = t;
  if (!redrawTile(t, entry)) {
    schedule(["overview"]);
    return;
  }
  model?.pairs.filter((p) => p.primary === t.id || p.dr === t.id).forEach(redrawPair);
  update(root.querySelector("#banner"), bannerMarkup());
}

function onCounts(m) {
  const el = tileOf(m.tenant);
  if (!el) return;
  const tile = tiles.get(m.tenant);
  if (tile) tile.messages = { ...tile.messages, total: m.total, failed: m.failed };
  el.querySelector('[data-role="messages"]').textContent = m.total;
  el.querySelector('[data-role="failed"]').textContent = m.failed;
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
  overview: async () => renderModel(await api.get("/api/v1/overview", { range })),
  alerts: async () => {
    const [firing, pending, recent] = await Promise.all([api.get("/api/v1/alerts", { state: "firing", limit: 200 }),
      api.get("/api/v1/alerts", { state: "pending", limit: 200 }), api.get("/api/v1/alerts", { limit: 20 })]);
    update(root.querySelector("#alerts"), table({
      caption: "Alerts, open first",
      columns: [
        { label: "state", render: (a) => badge(a.state, a.state) + (muted(a) ? ` ${badge(muted(a), muted(a), `data-muted="${muted(a)}"`)}` : "") },
        { label: "rule", render: (a) => `<a href="/alerts/${a.id}">${esc(a.rule)}</a>` },
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
  await Promise.all(names.map((name) => lists[name]().catch((e) => {
    console.warn(e);
    if (name === "overview") update(root.querySelector("#banner"), `<p class="error" role="alert">${esc(e.message)}</p>`);
  })));
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

function rangeButtons() {
  return RANGES.map((r) => `<button type="button" data-range="${r}" aria-pressed="${r === range}">${r === "1h" ? "last hour" : "last 24 h"}</button>`).join("");
}

export default {
  async render(el, params, context) {
    root = el;
    ctx = context;
    api = context.api;
    snapshots = 0;
    model = null;
    sighted = Promise.resolve();
    tiles.clear();
    early.length = 0;
    firstRead = true;
    range = RANGES.includes(params.range) ? params.range : "1h";
    root.innerHTML = `<h1>Overview</h1>
      <div id="banner" aria-live="polite"></div>
      <section aria-labelledby="h-counts"><h2 id="h-counts" class="sr-only">Counts</h2><div id="counts"></div></section>
      <div class="toolbar"><span id="range-note" class="muted"></span>
        <div role="group" aria-label="Heartbeat range" id="range">${rangeButtons()}</div></div>
      <section id="pairs-section" aria-labelledby="h-pairs"><h2 id="h-pairs">Pairs</h2><div id="pairs" class="pairs"></div></section>
      <section aria-labelledby="h-tenants"><h2 id="h-tenants">Tenants</h2><div id="tiles" class="tiles"></div></section>
      <section aria-labelledby="h-maintenance"><h2 id="h-maintenance">Maintenance to come</h2><div id="maintenance"></div></section>
      <div class="lists">
        <section aria-labelledby="h-alerts"><h2 id="h-alerts">Alerts</h2><div id="alerts" class="scroll"></div></section>
        <section aria-labelledby="h-notifications"><h2 id="h-notifications">Notifications</h2><div id="notifications" class="scroll"></div></section>
      </div>
      <section aria-labelledby="h-forwarders"><h2 id="h-forwarders">Forwarders</h2><div id="forwarders" class="scroll"></div></section>
      <section aria-labelledby="h-messages"><h2 id="h-messages">Latest messages</h2><div id="messages" class="scroll"></div></section>`;
    root.querySelector("#range").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-range]");
      if (!b || b.dataset.range === range) return;
      range = b.dataset.range;
      ctx.setQuery(range === "1h" ? {} : { range });
      root.querySelectorAll("#range button").forEach((x) => x.setAttribute("aria-pressed", String(x.dataset.range === range)));
      refresh(["overview"]);
    });
    // forwarders change without tenant events (a peer acknowledges, falls behind); charts move with time
    timers.push(setInterval(() => ctx.paused() || lists.forwarders().catch((e) => console.warn(e)), 10000));
    timers.push(setInterval(() => ctx.paused() || refresh(["overview"]), REFRESH_MS));
    await api.get("/api/v1/overview", { range }).then((m) => {
      performance.mark("overview-fetched");
      renderModel(m);
      performance.mark("overview-structured");
    }).catch((e) => update(root.querySelector("#banner"), `<p class="error" role="alert">${esc(e.message)}</p>`));
    firstRead = false;
    if (early.length && !model) schedule(["overview"]);
    await sighted;
    // pairs, tiles, heartbeat bars and the sparklines in view are on the screen (the dashboard bench reads this mark)
    performance.mark("overview-drawn");
    root.dataset.drawn = "true";
    await refresh(["alerts", "notifications", "messages", "forwarders"]);
  },
  onEvent(event) {
    switch (event.type) {
      case "tenants":
        event.data.forEach(onTenant);
        // a snapshot after a gap: what the page shows may be stale too (the first one follows the initial reads)
        if (snapshots++ > 0) schedule(Object.keys(lists));
        break;
      case "tenant":
        onTenant(event.data);
        break;
      case "messages":
        onCounts(event.data);
        schedule(["messages"]);
        break;
      case "alert":
        schedule(["alerts", "overview"]);
        break;
      case "notification":
        schedule(["notifications", "overview"]);
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
    observer?.disconnect();
    observer = null;
    tileEls.clear();
    visible.clear();
    undrawn.clear();
    root?.querySelectorAll(".chart").forEach((c) => c.__plot?.destroy());
  },
};
