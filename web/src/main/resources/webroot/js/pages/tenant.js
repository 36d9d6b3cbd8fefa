// A tenant (/tenants/{id}?range=24h|7d|30d): probe latency and up/down, throughput by status, success rate, the top
// failing iFlows, the deployed iFlows (the pair partner's side by side) and the keystore by expiry. The tile's state
// follows the event stream; the charts are read again every minute and on alert events.
import { badge, count, esc, errorBox, millis, percent, table, timeTag, update } from "../ui.js";
import { bucketTimes, dense, heartbeatBar, timeChart } from "../charts.js";

const RANGES = ["24h", "7d", "30d"];
const REFRESH_MS = 60000;
const STATUS_COLOURS = { COMPLETED: "--ok", FAILED: "--bad", ESCALATED: "--bad", PROCESSING: "--info", RETRY: "--warn" };

let root = null;
let ctx = null;
let id = null;
let range = "24h";
let timer = null;
let tile = null;

function state(t) {
  return !t?.probe ? "unknown" : t.probe.up ? "up" : "down";
}

function head(t) {
  const s = state(t);
  const probe = !t.probe ? "no probe yet" : t.probe.up ? `up · ${t.probe.statusCode} · ${t.probe.latencyMs} ms`
    : `down · ${t.probe.statusCode ?? "no answer"}${t.probe.error ? ` · ${t.probe.error}` : ""}`;
  const pair = t.pair ? ` · ${esc(t.role)} of <a href="/pairs/${encodeURIComponent(t.pair)}">pair ${esc(t.pair)}</a>` : " · unpaired";
  return `<h1>${esc(t.name)} ${badge(s, probe, `data-role="probe" data-state="${s}"`)}</h1>
    <p class="meta">${esc(t.id)}${pair} · open alerts: <a href="/alerts?state=firing,pending&amp;tenant=${encodeURIComponent(t.id)}">${t.alerts.firing} firing, ${t.alerts.pending} pending</a>
      · last ingest ${t.ingest?.lastSuccess ? timeTag(t.ingest.lastSuccess) : "never"}${t.ingest?.lastError ? ` · <span class="error">${esc(t.ingest.lastError)}</span>` : ""}</p>`;
}

function rangeButtons() {
  return RANGES.map((r) => `<button type="button" data-range="${r}" aria-pressed="${r === range}">${r}</button>`).join("");
}

function summary(s) {
  const up = s.probes ? (s.probes - s.probesDown) / s.probes : null;
  return `<dl class="summary">
    <div><dt>probes up</dt><dd data-role="uptime">${percent(up)}</dd></div>
    <div><dt>probe latency p50</dt><dd>${millis(s.latencyP50Ms)}</dd></div>
    <div><dt>success rate</dt><dd data-role="success">${percent(s.successRate)}</dd></div>
    ${Object.entries(s.totals).map(([k, v]) => `<div><dt>${esc(k.toLowerCase())}</dt><dd>${count(v)}</dd></div>`).join("")}
  </dl>`;
}

function drawCharts(s) {
  const n = s.buckets;
  const xs = bucketTimes(s.from, n, s.bucketSeconds);
  const beats = dense(s.heartbeat, n);
  root.querySelector("#probe-bar").innerHTML = heartbeatBar(beats, { from: s.from, bucketSeconds: s.bucketSeconds,
    label: `Probe results, last ${s.range}` });
  const latency = timeChart(root.querySelector("#latency"), xs, [
    { label: "p50 latency (ms)", values: beats.map((b) => b?.p50Ms ?? null), stroke: "--info" },
    { label: "max latency (ms)", values: beats.map((b) => b?.maxMs ?? null), stroke: "--warn" },
    { label: "probes down", values: beats.map((b) => (b ? b.down : null)), stroke: "--bad", scale: "y2" },
  ], { yLabel: "ms", y2Label: "down" });
  const downBuckets = beats.filter((b) => b && b.down > 0).length;
  root.querySelector("#latency-text").textContent = `Probe latency and failed probes over ${s.range}: median ${millis(s.latencyP50Ms)},`
    + ` ${s.probesDown} of ${s.probes} probes down, in ${downBuckets} of ${n} intervals.`;

  const flow = dense(s.throughput, n);
  const statuses = [...new Set(s.throughput.flatMap((b) => Object.keys(b.byStatus ?? {})))].sort();
  timeChart(root.querySelector("#throughput"), xs, statuses.map((st) => ({ label: st,
    values: flow.map((b) => (b ? b.byStatus?.[st] ?? 0 : 0)), stroke: STATUS_COLOURS[st] ?? "--muted" })), { yLabel: "messages" });
  root.querySelector("#throughput-text").textContent = `Messages per ${Math.round(s.bucketSeconds / 60)} minutes by status over ${s.range}: `
    + (statuses.length ? statuses.map((st) => `${s.totals[st]} ${st.toLowerCase()}`).join(", ") : "none") + ".";

  timeChart(root.querySelector("#success"), xs, [{ label: "success rate (%)", stroke: "--ok", fill: true,
    values: flow.map((b) => (b && b.completed + b.failed > 0 ? (100 * b.completed) / (b.completed + b.failed) : null)) }], { yLabel: "%" });
  root.querySelector("#success-text").textContent = `Success rate (completed of completed and failed) over ${s.range}: ${percent(s.successRate)}.`;

  update(root.querySelector("#failing"), table({
    caption: "Top failing iFlows",
    empty: "no failed messages in this range",
    columns: [
      { label: "iFlow", render: (f) => `<a href="/messages?tenant=${encodeURIComponent(id)}&amp;status=FAILED&amp;iflow=${encodeURIComponent(f.iflow ?? "")}">${esc(f.iflow ?? "(none)")}</a>` },
      { label: "failed", render: (f) => count(f.failed) },
      { label: "of", render: (f) => count(f.total) },
      { label: "last error", render: (f) => `<span class="clip">${esc(f.lastError ?? "")}</span>` },
    ],
    rows: s.topFailing,
  }));
  return latency;
}

function artifactsTable(a) {
  const partner = a.partner;
  const columns = [
    { label: "iFlow", render: (r) => `${esc(r.artifact.name ?? r.artifact.artifactId)}<br><span class="muted">${esc(r.artifact.artifactId)}</span>` },
    { label: "version", render: (r) => esc(r.artifact.version ?? "") },
    { label: "state", render: (r) => badge(r.artifact.status === "STARTED" ? "ok" : r.artifact.status === "ERROR" ? "bad" : "warn", r.artifact.status ?? "unknown") + (r.artifact.errorText ? `<br><span class="error">${esc(r.artifact.errorText)}</span>` : "") },
    { label: "deployed", render: (r) => `${timeTag(r.artifact.deployedOn)}${r.artifact.deployedBy ? ` by ${esc(r.artifact.deployedBy)}` : ""}` },
  ];
  if (partner) {
    columns.push(
      { label: `${partner} version`, render: (r) => esc(r.partner?.version ?? "–") },
      { label: `${partner} state`, render: (r) => (r.partner ? badge(r.partner.status === "STARTED" ? "ok" : "warn", r.partner.status ?? "unknown") : "–") },
      { label: "drift", render: (r) => (r.drift ? badge("warn", r.drift.replaceAll("-", " ")) : badge("ok", "same")) },
    );
  }
  const only = a.onlyOnPartner.length ? `<p class="meta">Deployed on ${esc(partner)} only: ${a.onlyOnPartner.map((r) => `${esc(r.artifactId)} ${esc(r.version ?? "")}`).join(", ")}</p>` : "";
  return table({ caption: "Deployed iFlows", empty: "no deployed artifacts stored yet", columns, rows: a.artifacts,
    rowAttrs: (r) => `data-artifact="${esc(r.artifact.artifactId)}" data-drift="${esc(r.drift ?? "")}"` }) + only;
}

function keystoreTable(list) {
  const expiry = (k) => (k.daysLeft == null ? "info" : k.daysLeft < 0 ? "bad" : k.daysLeft < 30 ? "warn" : "ok");
  const text = (k) => (k.daysLeft == null ? "no expiry" : k.daysLeft < 0 ? `expired ${-k.daysLeft} d ago` : `${k.daysLeft} d left`);
  return table({
    caption: "Keystore entries by expiry",
    empty: "no keystore entries stored yet",
    columns: [
      { label: "alias", render: (k) => esc(k.entry.alias) },
      { label: "type", render: (k) => esc(k.entry.type ?? "") },
      { label: "valid until", render: (k) => timeTag(k.entry.validNotAfter) },
      { label: "expiry", render: (k) => badge(expiry(k), text(k)) },
      { label: "subject", render: (k) => `<span class="clip">${esc(k.entry.subjectDn ?? "")}</span>` },
    ],
    rows: list,
    rowAttrs: (k) => `data-alias="${esc(k.entry.alias)}"`,
  });
}

async function load() {
  const api = ctx.api;
  const [stats, artifacts, keystore] = await Promise.all([
    api.get(`/api/v1/tenants/${encodeURIComponent(id)}/stats`, { range }),
    api.get(`/api/v1/tenants/${encodeURIComponent(id)}/artifacts`),
    api.get(`/api/v1/tenants/${encodeURIComponent(id)}/keystore`)]);
  update(root.querySelector("#summary"), summary(stats));
  drawCharts(stats);
  update(root.querySelector("#artifacts"), artifactsTable(artifacts));
  update(root.querySelector("#keystore"), keystoreTable(keystore));
  root.dataset.drawn = "true";
}

export default {
  async render(el, params, context) {
    root = el;
    ctx = context;
    id = params.id;
    range = RANGES.includes(params.range) ? params.range : "24h";
    try {
      tile = await ctx.api.get(`/api/v1/tenants/${encodeURIComponent(id)}`);
    } catch (e) {
      root.innerHTML = `<h1>Tenant ${esc(id)}</h1>${errorBox(e)}<p><a href="/">Back to the overview</a></p>`;
      return;
    }
    root.innerHTML = `<div id="head">${head(tile)}</div>
      <div class="toolbar"><span class="muted">Charts over the last ${esc(range)}</span>
        <div role="group" aria-label="Range" id="range">${rangeButtons()}</div></div>
      <div id="summary"></div>
      <section aria-labelledby="h-probes"><h2 id="h-probes">Probe latency and up/down</h2>
        <div id="probe-bar" class="beats"></div><div id="latency" class="chart-box" aria-describedby="latency-text"></div><p id="latency-text" class="chart-text"></p></section>
      <div class="lists">
        <section aria-labelledby="h-throughput"><h2 id="h-throughput">Throughput by status</h2>
          <div id="throughput" class="chart-box" aria-describedby="throughput-text"></div><p id="throughput-text" class="chart-text"></p></section>
        <section aria-labelledby="h-success"><h2 id="h-success">Success rate</h2>
          <div id="success" class="chart-box" aria-describedby="success-text"></div><p id="success-text" class="chart-text"></p></section>
      </div>
      <section aria-labelledby="h-failing"><h2 id="h-failing">Top failing iFlows</h2><div id="failing" class="scroll"></div></section>
      <section aria-labelledby="h-artifacts" id="deployed"><h2 id="h-artifacts">Deployed iFlows</h2><div id="artifacts" class="scroll"></div></section>
      <section aria-labelledby="h-keystore" id="keystore-section"><h2 id="h-keystore">Keystore</h2><div id="keystore" class="scroll"></div></section>`;
    root.querySelector("#range").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-range]");
      if (!b || b.dataset.range === range) return;
      range = b.dataset.range;
      ctx.setQuery(range === "24h" ? {} : { range });
      root.querySelectorAll("#range button").forEach((x) => x.setAttribute("aria-pressed", String(x.dataset.range === range)));
      root.querySelector(".toolbar .muted").textContent = `Charts over the last ${range}`;
      load().catch((err) => root.insertAdjacentHTML("beforeend", errorBox(err)));
    });
    timer = setInterval(() => ctx.paused() || load().catch((err) => console.warn(err)), REFRESH_MS);
    await load().catch((err) => root.insertAdjacentHTML("beforeend", errorBox(err)));
  },
  onEvent(event) {
    if (event.type === "tenant" && event.data.id === id) {
      tile = event.data;
      update(root.querySelector("#head"), head(tile));
    } else if (event.type === "tenants") {
      const t = event.data.find((x) => x.id === id);
      if (t) {
        tile = t;
        update(root.querySelector("#head"), head(tile));
      }
    }
  },
  dispose() {
    clearInterval(timer);
    timer = null;
    root?.querySelectorAll(".chart-box").forEach((c) => c.__plot?.destroy());
  },
};
