// The alerts (/alerts): open alerts by status (firing, pending, acknowledged, silenced: toggles kept in the URL),
// grouped by rule, pair or tenant, searched by text; ack with a comment and silence prefilled from a row (mouse or
// keyboard: focus a row, press a or s); the silences, extended or expired. Follows the event stream's alert and
// notification events, never while a form is open.
import { ago, announce, badge, errorBox, esc, table, timeTag, update } from "../ui.js";
import { ackForm, alertName, muted, readOnly, silenceForm, wireForms } from "./alert-actions.js";

const STATES = ["firing", "pending", "acked", "silenced"];
const GROUPS = ["rule", "pair", "tenant"];
let root = null;
let ctx = null;
let filters = null;
let reloadTimer = null;
let alertsById = new Map();

function labelsOf(a) {
  return `<span class="labels">${Object.entries(a.labels).filter(([k]) => k !== "rule")
    .map(([k, v]) => `<span class="label">${esc(k)}=${esc(v)}</span>`).join("")}</span>`;
}

function statusOf(a) {
  const parts = [badge(a.state.toLowerCase())];
  if (a.ackedBy) parts.push(badge("acked", `acked by ${a.ackedBy}`));
  if (a.silencedBy) parts.push(badge("silenced", "silenced"));
  if (a.inhibitedBy) parts.push(badge("inhibited", "inhibited"));
  return parts.join(" ");
}

function actionsOf(a) {
  if (!ctx.session.may("operator")) return readOnly(ctx);
  const name = esc(alertName(a));
  const ack = a.ackedBy ? "" : `<button type="button" data-key="a" data-act="ack" data-id="${a.id}"
      data-focus="ack-${a.id}" aria-label="Acknowledge ${name}" title="Acknowledge (a)">Ack</button>`;
  return `<span class="actions">${ack}<button type="button" data-key="s" data-act="silence" data-id="${a.id}"
      data-focus="silence-${a.id}" aria-label="Silence ${name}" title="Silence (s)">Silence</button></span>`;
}

const COLUMNS = [
  { label: "Status", render: statusOf },
  { label: "Alert", render: (a) => `<a href="/alerts/${a.id}" data-focus="open-${a.id}">${esc(a.rule)}</a>
      <div class="muted">${esc(a.annotations?.summary ?? "")}</div>` },
  { label: "Labels", render: labelsOf },
  { label: "Since", render: (a) => `${timeTag(a.activeAt)} <span class="muted">(${ago(a.activeAt)})</span>` },
  { label: "Actions", render: actionsOf },
];

function alertTable(list, caption) {
  return table({ columns: COLUMNS, rows: list, caption, empty: "No alerts in this view.",
    rowAttrs: (a) => `data-alert="${a.id}" data-keys="a s" tabindex="0" data-focus="row-${a.id}"
      aria-label="${esc(alertName(a))}, ${esc(a.state.toLowerCase())}"${muted(a) ? ` data-muted="${muted(a)}"` : ""}` });
}

function read(params) {
  const states = String(params.state ?? "firing,pending").split(",").map((s) => s.trim().toLowerCase())
    .filter((s) => STATES.includes(s));
  return { states: states.length ? states : ["firing", "pending"],
    group: GROUPS.includes(params.group) ? params.group : "", q: params.q ?? "",
    tenant: params.tenant ?? "", pair: params.pair ?? "", rule: params.rule ?? "" };
}

function formHtml() {
  const toggles = STATES.map((s) => `<label class="toggle"><input type="checkbox" name="state" value="${s}"
      ${filters.states.includes(s) ? "checked" : ""}> ${s === "acked" ? "acknowledged" : s}
      <span class="n" data-count="${s}"></span></label>`).join("");
  return `<form class="filters" id="alert-filters" role="search" aria-label="Filter alerts">
    <fieldset><legend>Show</legend>${toggles}</fieldset>
    <div class="field"><label for="alert-group">Group by</label><select id="alert-group" name="group">
      <option value="">nothing</option>${GROUPS.map((g) => `<option value="${g}"${filters.group === g ? " selected" : ""}>${g}</option>`).join("")}
    </select></div>
    <div class="field wide"><label for="alert-q">Search</label>
      <input id="alert-q" type="search" name="q" data-shortcut="search" value="${esc(filters.q)}"
        placeholder="rule, tenant, iFlow, summary, comment"></div>
    <button type="submit">Search</button>
  </form>`;
}

/** The tenant, pair or rule a link narrowed the list to, each with a way back to every alert. */
function scopeHtml() {
  const parts = ["tenant", "pair", "rule"].filter((k) => filters[k]).map((k) => `${k} <strong>${esc(filters[k])}</strong>`);
  if (!parts.length) return "";
  const all = ctx.api.url("/alerts", { state: filters.states.join(","), group: filters.group, q: filters.q });
  return `<p class="notice"><span>Only the alerts of ${parts.join(", ")}.</span> <a href="${esc(all)}">Show every alert</a></p>`;
}

function formsOpen() {
  return !!root?.querySelector("tr.form-row");
}

async function load() {
  if (!root) return;
  // a live update waits while someone types in a form: closing the form reloads
  if (formsOpen()) return;
  const { states, group, q, tenant, pair, rule } = filters;
  const state = states.join(",");
  const scope = { tenant, pair, rule };
  try {
    const [open, view, silences] = await Promise.all([
      ctx.api.get("/api/v1/alerts", { state: "firing,pending", limit: 1000, ...scope }),
      group ? ctx.api.get("/api/v1/alerts/groups", { by: group, state, q, limit: 1000, ...scope })
        : ctx.api.get("/api/v1/alerts", { state, q, limit: 500, ...scope }),
      ctx.api.get("/api/v1/silences"),
    ]);
    if (!root) return;
    const counts = { firing: 0, pending: 0, acked: 0, silenced: 0 };
    for (const a of open) {
      if (a.state === "FIRING") counts.firing++;
      if (a.state === "PENDING") counts.pending++;
      if (a.ackedBy) counts.acked++;
      if (a.silencedBy) counts.silenced++;
    }
    for (const [k, n] of Object.entries(counts)) {
      const el = root.querySelector(`[data-count="${k}"]`);
      if (el) el.textContent = `(${n})`;
    }
    alertsById = new Map();
    let html;
    if (group) {
      view.forEach((g) => g.alerts.forEach((a) => alertsById.set(String(a.id), a)));
      html = view.length ? view.map((g) => `<section class="group" aria-labelledby="group-${esc(g.key || "none")}">
          <h2 id="group-${esc(g.key || "none")}">${esc(group)}: ${esc(g.key || `(no ${group})`)}
            ${g.firing ? badge("firing", `${g.firing} firing`) : ""} ${g.pending ? badge("pending", `${g.pending} pending`) : ""}
            ${g.acked ? badge("acked", `${g.acked} acked`) : ""} ${g.silenced ? badge("silenced", `${g.silenced} silenced`) : ""}</h2>
          ${alertTable(g.alerts, `${group} ${g.key}`)}</section>`).join("")
        : `<p class="empty">No alerts in this view.</p>`;
    } else {
      view.forEach((a) => alertsById.set(String(a.id), a));
      html = alertTable(view, "Alerts");
    }
    update(root.querySelector("#alert-list"), html);
    update(root.querySelector("#silence-list"), silenceTable(silences));
  } catch (e) {
    update(root.querySelector("#alert-list"), errorBox(e));
  }
}

function silenceTable(list) {
  const may = ctx.session.may("operator");
  return table({ caption: "Silences", empty: "No silences.", rows: list, columns: [
    { label: "State", render: (s) => badge(s.state === "pending" ? "pending" : s.state, s.state === "pending" ? "scheduled" : s.state) },
    { label: "Matches", render: (s) => `<span class="labels">${s.matchers.map((m) => `<span class="label">${esc(m)}</span>`).join("")}</span>` },
    { label: "From", render: (s) => timeTag(s.startsAt) },
    { label: "Until", render: (s) => timeTag(s.endsAt) },
    { label: "By", render: (s) => esc(s.createdBy) },
    { label: "Why", render: (s) => esc(s.comment ?? "") },
    { label: "Actions", render: (s) => may ? `<span class="actions">
        <button type="button" data-silence="${s.id}" data-do="extend" data-focus="extend-${s.id}">+1 hour</button>
        <button type="button" data-silence="${s.id}" data-do="expire" data-focus="expire-${s.id}">Expire</button></span>` : readOnly(ctx) },
  ] });
}

function openForm(kind, id) {
  const a = alertsById.get(String(id));
  const row = root.querySelector(`tr[data-alert="${id}"]`);
  if (!a || !row) return;
  root.querySelectorAll("tr.form-row").forEach((r) => r.remove());
  row.insertAdjacentHTML("afterend", `<tr class="form-row" data-form-for="${id}"><td colspan="${COLUMNS.length}">
    ${kind === "ack" ? ackForm(a) : silenceForm(a)}</td></tr>`);
  const form = row.nextElementSibling;
  (form.querySelector("input[name=comment]") && kind === "ack" ? form.querySelector("input[name=comment]")
    : form.querySelector("select, input"))?.focus();
}

function closeForms(id) {
  root.querySelectorAll("tr.form-row").forEach((r) => r.remove());
  root.querySelector(`tr[data-alert="${id}"]`)?.focus();
}

function apply() {
  const form = root.querySelector("#alert-filters");
  const data = new FormData(form);
  filters = read({ state: data.getAll("state").join(","), group: data.get("group"), q: String(data.get("q") ?? "").trim(),
    tenant: filters.tenant, pair: filters.pair, rule: filters.rule });
  if (!data.getAll("state").length) filters.states = [];
  ctx.setQuery({ state: filters.states.join(","), group: filters.group, q: filters.q, tenant: filters.tenant,
    pair: filters.pair, rule: filters.rule });
  if (!filters.states.length) {
    update(root.querySelector("#alert-list"), `<p class="empty">Tick at least one status to see alerts.</p>`);
    return;
  }
  load();
}

export default {
  async render(el, params, context) {
    root = el;
    ctx = context;
    filters = read(params);
    root.innerHTML = `<div class="toolbar"><h1>Alerts</h1>
        <span class="actions"><a href="/alerts/history">History of resolved alerts</a> · <a href="/maintenance">Maintenance</a></span></div>
      ${formHtml()}
      ${scopeHtml()}
      <div id="alert-list"><p class="muted">Loading…</p></div>
      <h2 id="silences">Silences</h2>
      <div id="silence-list"></div>`;
    const form = root.querySelector("#alert-filters");
    form.addEventListener("change", (e) => {
      if (e.target.name !== "q") apply();
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      apply();
    });
    root.addEventListener("click", async (e) => {
      const act = e.target.closest("button[data-act]");
      if (act) {
        openForm(act.dataset.act, act.dataset.id);
        return;
      }
      const s = e.target.closest("button[data-silence]");
      if (!s) return;
      s.disabled = true;
      try {
        if (s.dataset.do === "extend") {
          await ctx.api.post(`/api/v1/silences/${s.dataset.silence}/extend`, { duration: "1h" });
          announce(`Silence ${s.dataset.silence} extended by an hour`);
        } else {
          await ctx.api.del(`/api/v1/silences/${s.dataset.silence}`);
          announce(`Silence ${s.dataset.silence} expired`);
        }
      } catch (err) {
        announce(err.message);
        s.insertAdjacentHTML("afterend", errorBox(err));
      }
      load();
    });
    wireForms(root, ctx, (kind, id) => {
      closeForms(id);
      if (kind === "ack") announce(`Alert ${id} acknowledged`);
      if (kind === "silence") announce(`Alert ${id} silenced`);
      load();
    });
    await load();
  },
  onEvent(event) {
    if (event.type !== "alert" && event.type !== "notification") return;
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(load, 300);
  },
  dispose() {
    clearTimeout(reloadTimer);
    root = null;
  },
};
