// The message search (/messages): across tenants by time, status, iFlow, package, sender, receiver, MessageGuid,
// CorrelationId, ApplicationMessageId, a custom header name=value and words of the error text. The filters live in
// the URL; "More" follows the keyset cursor; the CSV link exports the same search. New messages are announced, not
// pushed into the list, so the rows a reader looks at stay put.
import { badge, count, errorBox, esc, table, timeTag, update } from "../ui.js";

/** Page parameter → API parameter. */
const FIELDS = [
  ["from", "since"], ["to", "until"], ["tenant", "tenant"], ["status", "status"], ["iflow", "iflow"],
  ["package", "package"], ["sender", "sender"], ["receiver", "receiver"], ["guid", "messageGuid"],
  ["correlationId", "correlationId"], ["appId", "applicationMessageId"], ["header", "header"], ["text", "errorText"],
  ["all", null],
];
/** The keys that find a message wherever it is in time; any other search without a range covers DEFAULT_HOURS. */
const KEYS = ["guid", "correlationId", "appId", "header"];
const DEFAULT_HOURS = 24;
const STATUSES = ["COMPLETED", "PROCESSING", "RETRY", "ESCALATED", "FAILED", "CANCELLED", "DISCARDED", "ABANDONED"];
const PAGE = 50;
let root = null;
let ctx = null;
let filters = {};
let next = null;
let shown = 0;

/** True when the search covers the default window: no key, no range, and "all time" not asked for. */
function windowed(f) {
  return !f.from && !f.to && !f.all && !KEYS.some((k) => f[k]);
}

function apiParams(f) {
  const out = {};
  for (const [page, param] of FIELDS) {
    if (param && f[page]) out[param] = f[page];
  }
  if (windowed(f)) out.since = new Date(Date.now() - DEFAULT_HOURS * 3600e3).toISOString();
  return out;
}

function windowHtml() {
  if (windowed(filters)) {
    return `<p class="muted" id="m-window-note">No key and no time range given: searching the last ${DEFAULT_HOURS} hours.
      <button type="button" id="m-all">Search all time</button></p>`;
  }
  return filters.all ? `<p class="muted" id="m-window-note">Searching all time.</p>` : "";
}

function local(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function isoOf(localValue) {
  if (!localValue) return "";
  const d = new Date(localValue);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}

function field(name, label, value, attrs = "") {
  return `<div class="field"><label for="m-${name}">${esc(label)}</label>
    <input id="m-${name}" name="${name}" value="${esc(value ?? "")}" autocomplete="off" ${attrs}></div>`;
}

function formHtml(tenants) {
  const f = filters;
  return `<form class="filters" id="message-search" role="search" aria-label="Search messages">
    <div class="field wide"><label for="m-text">Words of the error text</label>
      <input id="m-text" type="search" name="text" value="${esc(f.text ?? "")}" data-shortcut="search"
        placeholder="e.g. connection refused"></div>
    ${field("appId", "ApplicationMessageId (business key)", f.appId)}
    ${field("guid", "MessageGuid", f.guid)}
    ${field("correlationId", "CorrelationId", f.correlationId)}
    ${field("header", "Custom header name=value", f.header, 'placeholder="po_number=4711"')}
    <div class="field"><label for="m-tenant">Tenant</label><select id="m-tenant" name="tenant"><option value="">all</option>
      ${tenants.map((t) => `<option value="${esc(t.id)}"${t.id === f.tenant ? " selected" : ""}>${esc(t.id)}</option>`).join("")}</select></div>
    <div class="field"><label for="m-status">Status</label><select id="m-status" name="status"><option value="">any</option>
      ${STATUSES.map((s) => `<option${s === String(f.status ?? "").toUpperCase() ? " selected" : ""}>${s}</option>`).join("")}</select></div>
    ${field("iflow", "iFlow", f.iflow)}
    ${field("package", "Package", f.package)}
    ${field("sender", "Sender", f.sender)}
    ${field("receiver", "Receiver", f.receiver)}
    <div class="field"><label for="m-from">From</label><input id="m-from" type="datetime-local" name="from" value="${esc(local(f.from))}"></div>
    <div class="field"><label for="m-to">To</label><input id="m-to" type="datetime-local" name="to" value="${esc(local(f.to))}"></div>
    ${f.all ? `<input type="hidden" name="all" value="1">` : ""}
    <button type="submit" class="primary">Search</button>
    <button type="reset" id="m-clear">Clear</button>
  </form>`;
}

const COLUMNS = [
  { label: "Ended", render: (m) => m.logEnd ? timeTag(m.logEnd) : `<span class="muted">not ended</span>` },
  { label: "Status", render: (m) => badge(String(m.status ?? "").toLowerCase(), m.status ?? "?") },
  { label: "Tenant", render: (m) => esc(m.tenantId) },
  { label: "iFlow", render: (m) => esc(m.integrationFlowName ?? m.artifactId ?? "") },
  { label: "Business key", render: (m) => esc(m.applicationMessageId ?? m.businessKey ?? "") },
  { label: "Sender → receiver", render: (m) => `${esc(m.sender ?? "")} → ${esc(m.receiver ?? "")}` },
  { label: "Message", cls: "mono", render: (m) => `<a href="/messages/${encodeURIComponent(m.tenantId)}/${encodeURIComponent(m.messageGuid)}"
      data-focus="msg-${esc(m.tenantId)}-${esc(m.messageGuid)}">${esc(m.messageGuid)}</a>${m.errorText
      ? `<div class="error">${esc(m.errorText.length > 140 ? m.errorText.slice(0, 140) + "…" : m.errorText)}</div>` : ""}` },
];

function rowsHtml(list) {
  return list.map((m) => `<tr data-message="${esc(m.messageGuid)}">${COLUMNS.map((c) =>
    `<td data-label="${esc(c.label)}"${c.cls ? ` class="${c.cls}"` : ""}>${c.render(m)}</td>`).join("")}</tr>`).join("");
}

function csvHref() {
  return ctx.api.url("/api/v1/messages.csv", { ...apiParams(filters), limit: 10000 });
}

async function search() {
  next = null;
  shown = 0;
  update(root.querySelector("#m-notice"), "");
  update(root.querySelector("#m-window"), windowHtml());
  const list = root.querySelector("#m-results");
  try {
    const page = await ctx.api.page("/api/v1/messages", { ...apiParams(filters), limit: PAGE });
    if (!root) return;
    next = page.next;
    shown = page.items.length;
    update(list, table({ columns: COLUMNS, rows: page.items, caption: "Messages", empty: "No message matches.",
      rowAttrs: (m) => `data-message="${esc(m.messageGuid)}"` }));
    update(root.querySelector("#m-more"), moreHtml());
  } catch (e) {
    update(list, errorBox(e));
    update(root.querySelector("#m-more"), "");
  }
}

function moreHtml() {
  return `<span role="status">${count(shown)} message${shown === 1 ? "" : "s"} shown${next ? "" : " (all)"}</span>
    ${next ? `<button type="button" id="m-next">More</button>` : ""}
    <a class="button" href="${esc(csvHref())}" download="messages.csv" id="m-csv">Export CSV (up to 10,000)</a>`;
}

async function more() {
  if (!next) return;
  try {
    const page = await ctx.api.page("/api/v1/messages", { ...apiParams(filters), limit: PAGE, before: next });
    if (!root) return;
    next = page.next;
    shown += page.items.length;
    root.querySelector("#m-results tbody").insertAdjacentHTML("beforeend", rowsHtml(page.items));
    update(root.querySelector("#m-more"), moreHtml());
    const rows = root.querySelectorAll("#m-results tbody tr");
    rows[rows.length - page.items.length]?.querySelector("a")?.focus();
  } catch (e) {
    root.querySelector("#m-more").insertAdjacentHTML("beforeend", errorBox(e));
  }
}

export default {
  async render(el, params, context) {
    root = el;
    ctx = context;
    filters = {};
    for (const [page] of FIELDS) {
      if (params[page]) filters[page] = params[page];
    }
    const tenants = await ctx.api.get("/api/v1/tenants").catch(() => []);
    root.innerHTML = `<h1>Messages</h1>${formHtml(tenants)}
      <div id="m-window"></div>
      <div id="m-notice" aria-live="polite"></div>
      <div id="m-results" class="scroll"><p class="muted">Searching…</p></div>
      <div id="m-more" class="more"></div>`;
    const form = root.querySelector("#message-search");
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const d = new FormData(form);
      filters = {};
      for (const [page] of FIELDS) {
        let v = String(d.get(page) ?? "").trim();
        if (page === "from" || page === "to") v = isoOf(v);
        if (v) filters[page] = v;
      }
      ctx.setQuery(filters);
      search();
    });
    form.addEventListener("reset", () => {
      setTimeout(() => {
        form.querySelector('input[name="all"]')?.remove();
        filters = {};
        ctx.setQuery({});
        search();
      });
    });
    root.addEventListener("click", (e) => {
      if (e.target.closest("#m-next")) more();
      if (e.target.closest("#m-all")) {
        filters = { ...filters, all: "1" };
        form.insertAdjacentHTML("beforeend", `<input type="hidden" name="all" value="1">`);
        ctx.setQuery(filters);
        search();
      }
      if (e.target.closest("#m-refresh")) search();
    });
    await search();
  },
  onEvent(event) {
    if (event.type !== "messages" || !root) return;
    if (filters.tenant && event.data?.tenant && event.data.tenant !== filters.tenant) return;
    update(root.querySelector("#m-notice"), `<p class="notice"><span>New messages were stored since this search.</span>
      <button type="button" id="m-refresh">Search again</button></p>`);
  },
  dispose() {
    root = null;
  },
};
