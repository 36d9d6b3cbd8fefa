// The channels (/channels): per channel its queue, backoff, last delivery and last error, a test send that shows the
// peer's answer; the dead notifications with their error (retry or discard); the forwarders' cursors and lag, and
// the rows each forwarder gave up on with the peer's answer.
import { ago, announce, badge, count, errorBox, esc, span, table, timeTag, update } from "../ui.js";

let root = null;
let ctx = null;
let reloadTimer = null;
const results = new Map();

function readOnly() {
  return `<span class="readonly">read only (${esc(ctx.session.role)})</span>`;
}

function channelTable(list) {
  const may = ctx.session.may("operator");
  return table({ caption: "Channels", empty: "No channels configured.", rows: list,
    rowAttrs: (c) => `data-channel="${esc(c.name)}"`, columns: [
      { label: "Channel", render: (c) => `<strong>${esc(c.name)}</strong> <span class="muted">${esc(c.type)}</span>
          <div class="muted mono">${esc(c.target ?? "")}</div>` },
      { label: "Health", render: (c) => c.dead ? badge("dead", `${c.dead} dead`) : c.retrying ? badge("retry", "backing off")
          : badge("ok", "ok") },
      { label: "Queue", render: (c) => `${count(c.pending)} pending${c.retrying ? `, ${count(c.retrying)} waiting to retry` : ""}` },
      { label: "Next retry", render: (c) => c.nextRetryAt ? timeTag(c.nextRetryAt) : "–" },
      { label: "Last delivery", render: (c) => c.lastSentAt ? `${timeTag(c.lastSentAt)} <span class="muted">(${ago(c.lastSentAt)})</span>` : "never" },
      { label: "Sent", render: (c) => count(c.sent) },
      { label: "Last error", render: (c) => c.lastError ? `<span class="error">${esc(c.lastError)}</span>` : "–" },
      { label: "Test", render: (c) => `${may ? `<button type="button" data-test="${esc(c.name)}" data-focus="test-${esc(c.name)}">Send test</button>` : readOnly()}
          <div class="result" role="status" data-result="${esc(c.name)}">${results.get(c.name) ?? ""}</div>` },
    ] });
}

function deadTable(list) {
  const may = ctx.session.may("operator");
  return table({ caption: "Dead notifications", empty: "No dead notifications.", rows: list,
    rowAttrs: (n) => `data-notification="${n.id}"`, columns: [
      { label: "Channel", render: (n) => esc(n.channel) },
      { label: "About", render: (n) => n.alertIds.length ? n.alertIds.map((id) => `<a href="/alerts/${id}">alert ${id}</a>`).join(", ")
          : `<span class="muted">${esc(n.payload?.rule ?? "test")}</span>` },
      { label: "Error", render: (n) => `<span class="error">${esc(n.lastError ?? "")}</span>` },
      { label: "Attempts", render: (n) => count(n.attempts) },
      { label: "Dead since", render: (n) => timeTag(n.deadAt ?? n.createdAt) },
      { label: "Actions", render: (n) => may ? `<span class="actions">
          <button type="button" data-retry="${n.id}" data-focus="retry-${n.id}">Retry</button>
          <button type="button" data-discard="${n.id}" data-focus="discard-${n.id}">Discard</button></span>` : readOnly() },
    ] });
}

function forwarderTable(list) {
  return table({ caption: "Forwarders", empty: "No forwarders configured.", rows: list,
    rowAttrs: (f) => `data-forwarder="${esc(f.name)}"`, columns: [
      { label: "Forwarder", render: (f) => `<strong>${esc(f.name)}</strong> <span class="muted">${esc(f.type)}</span>` },
      { label: "State", render: (f) => f.stopped ? badge("stopped") : f.lagging ? badge("lagging") : badge("ok", "in step") },
      { label: "Cursor", render: (f) => `<span class="mono">${esc(f.position)}</span>${f.positionAt ? ` ${timeTag(f.positionAt)}` : ""}` },
      { label: "Lag", render: (f) => `${count(f.lagRows)} rows · ${f.lagSeconds === null || f.lagSeconds === undefined ? "–" : span(f.lagSeconds)}` },
      { label: "Last success", render: (f) => f.lastSuccess ? `${timeTag(f.lastSuccess)} <span class="muted">(${ago(f.lastSuccess)})</span>` : "never" },
      { label: "Last error", render: (f) => f.lastError ? `<span class="error">${esc(f.lastError)}</span>` : "–" },
      { label: "Rows", render: (f) => `${count(f.rowsSent)} sent · ${count(f.rowsRetried)} retried · ${count(f.rowsDead)} dead` },
      { label: "Dead letters", render: (f) => Array.isArray(f.deadLetters) ? count(f.deadLetters.length) : count(f.deadLetters) },
    ] });
}

function deadLetterTable(list) {
  return table({ caption: "Forwarder dead letters", empty: "No forwarder gave up on a row.", rows: list,
    rowAttrs: (d) => `data-dead-letter="${esc(d.forwarder)}:${esc(d.id)}"`, columns: [
      { label: "Forwarder", render: (d) => esc(d.forwarder) },
      { label: "Message", cls: "mono", render: (d) => `<a href="/messages/${encodeURIComponent(d.tenant)}/${encodeURIComponent(d.messageGuid)}">${esc(d.messageGuid)}</a>
          <div class="muted">${esc(d.tenant)} · ${esc(d.status ?? "")}</div>` },
      { label: "Given up", render: (d) => timeTag(d.deadAt) },
      { label: "Peer's answer", render: (d) => `<span class="error" data-role="answer">${esc(d.answer)}</span>` },
      { label: "Row", render: (d) => d.row ? `<details><summary>${count(d.row.length)} characters</summary><pre class="mono">${esc(d.row)}</pre></details>` : "–" },
    ] });
}

/** The newest dead letters of every forwarder that has any, newest first. */
async function deadLetters(forwarders) {
  const lists = await Promise.all(forwarders.filter((f) => f.deadLetters > 0).map((f) =>
    ctx.api.get(`/api/v1/forwarders/${encodeURIComponent(f.name)}/dead-letters`, { limit: 50 })
      .then((list) => list.map((d) => ({ ...d, forwarder: f.name })))));
  return lists.flat().sort((a, b) => (a.deadAt < b.deadAt ? 1 : a.deadAt > b.deadAt ? -1 : 0));
}

async function load() {
  if (!root) return;
  const parts = await Promise.allSettled([ctx.api.get("/api/v1/channels"),
    ctx.api.get("/api/v1/notifications", { state: "dead", limit: 200 }), ctx.api.get("/api/v1/forwarders")]);
  if (!root) return;
  const [channels, dead, forwarders] = parts;
  update(root.querySelector("#channel-list"), channels.status === "fulfilled" ? channelTable(channels.value) : errorBox(channels.reason));
  update(root.querySelector("#dead-list"), dead.status === "fulfilled" ? deadTable(dead.value) : errorBox(dead.reason));
  update(root.querySelector("#forwarder-list"), forwarders.status === "fulfilled" ? forwarderTable(forwarders.value)
    : errorBox(forwarders.reason));
  if (forwarders.status !== "fulfilled") return;
  let letters;
  try {
    letters = deadLetterTable(await deadLetters(forwarders.value));
  } catch (err) {
    letters = errorBox(err);
  }
  if (root) update(root.querySelector("#forwarder-dead-list"), letters);
}

function verdict(r) {
  const word = r.outcome === "delivered" ? "sent" : r.outcome === "retry" ? "retry" : "failed";
  return `${badge(word, `peer answered: ${r.outcome}`)} ${esc(r.detail ?? "")}${r.externalRef ? ` · ref <span class="mono">${esc(r.externalRef)}</span>` : ""}${r.retryAfterSeconds ? ` · retry after ${esc(r.retryAfterSeconds)} s` : ""}`;
}

async function act(e) {
  const test = e.target.closest("button[data-test]");
  const retry = e.target.closest("button[data-retry]");
  const discard = e.target.closest("button[data-discard]");
  const button = test ?? retry ?? discard;
  if (!button) return;
  button.disabled = true;
  try {
    if (test) {
      const name = test.dataset.test;
      root.querySelector(`[data-result="${CSS.escape(name)}"]`).textContent = "sending…";
      const r = await ctx.api.post(`/api/v1/channels/${encodeURIComponent(name)}/test`);
      results.set(name, verdict(r));
      root.querySelector(`[data-result="${CSS.escape(name)}"]`).innerHTML = results.get(name);
    } else if (retry) {
      await ctx.api.post(`/api/v1/notifications/${retry.dataset.retry}/retry`);
      announce(`Notification ${retry.dataset.retry} queued again`);
    } else {
      await ctx.api.post(`/api/v1/notifications/${discard.dataset.discard}/discard`);
      announce(`Notification ${discard.dataset.discard} discarded`);
    }
  } catch (err) {
    if (test) {
      results.set(test.dataset.test, errorBox(err));
      root.querySelector(`[data-result="${CSS.escape(test.dataset.test)}"]`).innerHTML = results.get(test.dataset.test);
    } else {
      button.insertAdjacentHTML("afterend", errorBox(err));
    }
  }
  button.disabled = false;
  await load();
}

export default {
  async render(el, params, context) {
    root = el;
    ctx = context;
    results.clear();
    root.innerHTML = `<h1>Channels</h1>
      <div id="channel-list" class="scroll"><p class="muted">Loading…</p></div>
      <h2>Dead notifications</h2>
      <div id="dead-list" class="scroll"></div>
      <h2>Forwarders</h2>
      <div id="forwarder-list" class="scroll"></div>
      <h2>Forwarder dead letters</h2>
      <div id="forwarder-dead-list" class="scroll"></div>`;
    root.addEventListener("click", act);
    await load();
  },
  onEvent(event) {
    if (event.type !== "notification" && event.type !== "alert") return;
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(load, 300);
  },
  dispose() {
    clearTimeout(reloadTimer);
    root = null;
  },
};
