// One alert (/alerts/{id}): what it is, its labels and annotations, who acknowledged it, and its timeline (pending,
// firing, each channel notified with the result, acknowledged by whom, resolved). ?do=ack and ?do=silence open that
// form at once: chat notifications link here, so it works one-handed on a phone.
import { announce, badge, errorBox, esc, timeTag, tone, update } from "../ui.js";
import { ackForm, alertName, readOnly, silenceForm, wireForms } from "./alert-actions.js";

let root = null;
let ctx = null;
let id = null;
let alert = null;
let reloadTimer = null;

function entry(e) {
  let what;
  let t = "info";
  switch (e.kind) {
    case "pending": what = "Pending: the condition holds, waiting for its duration"; t = "warn"; break;
    case "firing": what = "Firing"; t = "bad"; break;
    case "resolved": what = "Resolved"; t = "ok"; break;
    case "acked": what = `Acknowledged by ${esc(e.by)}`; t = "info"; break;
    case "notified": what = `Notified <strong>${esc(e.channel)}</strong> ${e.about ? `of ${esc(String(e.about).toLowerCase())} ` : ""}
        ${badge(e.result === "delivered" ? "sent" : e.result === "dead" ? "dead" : "pending", e.result)}`;
      t = tone(e.result === "delivered" ? "sent" : e.result === "dead" ? "dead" : "pending"); break;
    default: what = esc(e.kind);
  }
  const note = e.kind === "acked" ? e.comment : e.detail;
  return `<li data-kind="${esc(e.kind)}" data-tone="${t}">${what}<span class="when">${timeTag(e.at)}</span>
    ${note ? `<span class="note">${e.kind === "acked" ? "“" + esc(note) + "”" : esc(note)}</span>` : ""}</li>`;
}

function detail(a) {
  const rows = [
    ["State", `${badge(a.state.toLowerCase())}${a.ackedBy ? " " + badge("acked", "acknowledged") : ""}${a.silencedBy ? " " + badge("silenced") : ""}${a.inhibitedBy ? " " + badge("inhibited") : ""}`],
    ["Rule", esc(a.rule)],
    ...Object.entries(a.annotations ?? {}).map(([k, v]) => [k, esc(v)]),
    ["Labels", `<span class="labels">${Object.entries(a.labels).map(([k, v]) => `<span class="label">${esc(k)}=${esc(v)}</span>`).join("")}</span>`],
    ["Active since", timeTag(a.activeAt)],
    ["Firing since", a.firingAt ? timeTag(a.firingAt) : "–"],
    ["Last seen", timeTag(a.lastActiveAt)],
    ["Resolved", a.endsAt ? timeTag(a.endsAt) : "–"],
    ["Acknowledged", a.ackedBy ? `by ${esc(a.ackedBy)} ${timeTag(a.ackedAt)}${a.ackComment ? `: “${esc(a.ackComment)}”` : ""}` : "no"],
  ];
  if (a.silencedBy) rows.push(["Silenced by", `silence ${esc(a.silencedBy)} (<a href="/alerts?state=silenced#silences">silences</a>)`]);
  if (a.inhibitedBy) rows.push(["Inhibited by", `alert ${esc(a.inhibitedBy)}`]);
  if (a.labels.tenant) rows.push(["Tenant", `<a href="/tenants/${encodeURIComponent(a.labels.tenant)}">${esc(a.labels.tenant)}</a>`]);
  if (a.labels.pair) rows.push(["Pair", `<a href="/pairs/${encodeURIComponent(a.labels.pair)}">${esc(a.labels.pair)}</a>`]);
  return `<dl class="detail">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join("")}</dl>`;
}

function actions(a) {
  if (!ctx.session.may("operator")) return `<p>${readOnly(ctx)}: viewers can look but not acknowledge or silence.</p>`;
  if (a.state === "RESOLVED") return `<p class="muted">Resolved: nothing to acknowledge or silence.</p>`;
  return `<div class="actions">${a.ackedBy ? "" : `<button type="button" data-act="ack" id="do-ack">Acknowledge</button>`}
    <button type="button" data-act="silence" id="do-silence">Silence</button></div>`;
}

function openForm(kind) {
  const slot = root.querySelector("#alert-form");
  if (!alert || alert.state === "RESOLVED" || !ctx.session.may("operator")) return;
  if (kind === "ack" && alert.ackedBy) return;
  slot.innerHTML = `<div class="panel">${kind === "ack" ? ackForm(alert) : silenceForm(alert)}</div>`;
  slot.querySelector(kind === "ack" ? "input[name=comment]" : "select")?.focus();
}

async function load() {
  if (!root || root.querySelector("#alert-form form")) return;
  try {
    const [a, timeline] = await Promise.all([ctx.api.get(`/api/v1/alerts/${id}`),
      ctx.api.get(`/api/v1/alerts/${id}/timeline`)]);
    if (!root) return;
    alert = a;
    document.title = `${alertName(a)} · cpimon`;
    update(root.querySelector("#alert-head"), `<h1>${esc(alertName(a))}</h1>
      <p>${esc(a.annotations?.summary ?? "")}</p>`);
    update(root.querySelector("#alert-actions"), actions(a));
    update(root.querySelector("#alert-detail"), detail(a));
    update(root.querySelector("#alert-timeline"), timeline.length
      ? `<ol class="timeline">${timeline.map(entry).join("")}</ol>` : `<p class="empty">Nothing happened yet.</p>`);
  } catch (e) {
    update(root.querySelector("#alert-detail"), errorBox(e));
  }
}

export default {
  async render(el, params, context) {
    root = el;
    ctx = context;
    id = params.id;
    alert = null;
    root.innerHTML = `<p><a href="/alerts">← Alerts</a></p>
      <div id="alert-head"><h1>Alert ${esc(id)}</h1></div>
      <div id="alert-actions"></div>
      <div id="alert-form"></div>
      <div id="alert-detail"><p class="muted">Loading…</p></div>
      <h2>Timeline</h2>
      <div id="alert-timeline"></div>`;
    root.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-act]");
      if (b) openForm(b.dataset.act);
    });
    wireForms(root, ctx, (kind) => {
      root.querySelector("#alert-form").innerHTML = "";
      if (kind === "ack") announce("Alert acknowledged");
      if (kind === "silence") announce("Alert silenced");
      load().then(() => root?.querySelector("#alert-actions button, #alert-head h1")?.focus?.());
    });
    await load();
    if (params.do === "ack" || params.do === "silence") {
      if (!ctx.session.may("operator")) {
        root.querySelector("#alert-form").innerHTML = `<p class="error" role="alert">Your role (${esc(ctx.session.role)}) cannot ${params.do === "ack" ? "acknowledge" : "silence"} alerts.</p>`;
      } else if (alert?.state === "RESOLVED") {
        root.querySelector("#alert-form").innerHTML = `<p class="muted" role="status">This alert has resolved: nothing to ${params.do === "ack" ? "acknowledge" : "silence"}.</p>`;
      } else if (params.do === "ack" && alert?.ackedBy) {
        root.querySelector("#alert-form").innerHTML = `<p class="muted" role="status">Already acknowledged by ${esc(alert.ackedBy)}.</p>`;
      } else {
        openForm(params.do);
      }
    }
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
