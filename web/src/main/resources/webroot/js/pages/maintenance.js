// Maintenance (/maintenance): schedule a window for a tenant or a pair (its alerts are silenced from the start to the
// end), and the scheduled, running and recently ended windows, extended or ended early.
import { announce, badge, errorBox, esc, table, timeTag, update } from "../ui.js";
import { DURATIONS } from "./alert-actions.js";

let root = null;
let ctx = null;

function local(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function formHtml(tenants, pairs) {
  const start = new Date(Date.now() + 3600_000);
  start.setMinutes(0, 0, 0);
  return `<form class="filters" id="maintenance-form" aria-labelledby="schedule-heading">
    <div class="field"><label for="mw-target">Tenant or pair</label><select id="mw-target" name="target" required>
      ${pairs.length ? `<optgroup label="Pairs">${pairs.map((p) => `<option value="pair:${esc(p.id)}">pair ${esc(p.id)} (${esc(p.primary)} + ${esc(p.dr)})</option>`).join("")}</optgroup>` : ""}
      <optgroup label="Tenants">${tenants.map((t) => `<option value="tenant:${esc(t.id)}">${esc(t.id)}${t.name ? ` · ${esc(t.name)}` : ""}</option>`).join("")}</optgroup>
    </select></div>
    <div class="field"><label for="mw-start">Starts</label><input id="mw-start" type="datetime-local" name="start" required value="${local(start)}"></div>
    <div class="field"><label for="mw-duration">Lasts</label><select id="mw-duration" name="duration">
      ${DURATIONS.map(([v, t]) => `<option value="${v}"${v === "2h" ? " selected" : ""}>${t}</option>`).join("")}</select></div>
    <div class="field wide"><label for="mw-comment">What is done (optional)</label><input id="mw-comment" name="comment" maxlength="4000" autocomplete="off"></div>
    <button type="submit" class="primary">Schedule</button>
    <p class="error" role="alert" id="mw-error"></p>
  </form>`;
}

function windowTable(list) {
  const may = ctx.session.may("operator");
  return table({ caption: "Maintenance windows", empty: "No maintenance windows.", rows: list,
    rowAttrs: (w) => `data-window="${w.id}" data-state="${esc(w.state)}"`, columns: [
      { label: "State", render: (w) => badge(w.state === "scheduled" ? "pending" : w.state === "active" ? "silenced" : "resolved", w.state) },
      { label: "For", render: (w) => `${esc(w.kind)} <strong>${esc(w.target)}</strong>${w.kind === "pair" ? ` <span class="muted">(${w.tenants.map(esc).join(", ")})</span>` : ""}` },
      { label: "From", render: (w) => timeTag(w.startsAt) },
      { label: "Until", render: (w) => timeTag(w.endsAt) },
      { label: "By", render: (w) => esc(w.createdBy) },
      { label: "What", render: (w) => esc(w.comment ?? "") },
      { label: "Actions", render: (w) => w.state === "ended" ? "" : may ? `<span class="actions">
          <button type="button" data-extend="${w.id}" data-focus="extend-${w.id}">+1 hour</button>
          <button type="button" data-end="${w.id}" data-focus="end-${w.id}">${w.state === "scheduled" ? "Cancel" : "End now"}</button></span>`
        : `<span class="readonly">read only (${esc(ctx.session.role)})</span>` },
    ] });
}

async function load() {
  try {
    const all = await ctx.api.get("/api/v1/maintenance", { all: "true", limit: 100 });
    if (!root) return;
    const order = { active: 0, scheduled: 1, ended: 2 };
    all.sort((a, b) => order[a.state] - order[b.state] || Date.parse(a.startsAt) - Date.parse(b.startsAt));
    update(root.querySelector("#window-list"), windowTable(all));
  } catch (e) {
    if (root) update(root.querySelector("#window-list"), errorBox(e));
  }
}

export default {
  async render(el, params, context) {
    root = el;
    ctx = context;
    const [tenants, pairs] = await Promise.all([ctx.api.get("/api/v1/tenants").catch(() => []),
      ctx.api.get("/api/v1/pairs").catch(() => [])]);
    const may = ctx.session.may("operator");
    root.innerHTML = `<h1>Maintenance</h1>
      <p class="muted">During a window the alerts of the tenant (or of the pair and both its tenants) are silenced:
        they stay visible but notify nobody.</p>
      <h2 id="schedule-heading">Schedule a window</h2>
      ${may ? formHtml(tenants, pairs) : `<p class="readonly">Read only (${esc(ctx.session.role)}): operators schedule windows.</p>`}
      <h2>Windows</h2>
      <div id="window-list" class="scroll"><p class="muted">Loading…</p></div>`;
    root.querySelector("#maintenance-form")?.addEventListener("submit", async (e) => {
      e.preventDefault();
      const d = new FormData(e.target);
      const [kind, id] = String(d.get("target")).split(/:(.*)/s);
      const start = new Date(String(d.get("start")));
      const error = root.querySelector("#mw-error");
      error.textContent = "";
      try {
        if (Number.isNaN(start.getTime())) throw new Error("Starts must be a date and time.");
        const w = await ctx.api.post("/api/v1/maintenance", { [kind]: id, startsAt: start.toISOString(),
          duration: d.get("duration"), comment: String(d.get("comment") ?? "").trim() || undefined });
        announce(`Maintenance of ${w.kind} ${w.target} ${w.state}`);
        e.target.querySelector("#mw-comment").value = "";
        await load();
      } catch (err) {
        error.textContent = err.message;
      }
    });
    root.addEventListener("click", async (e) => {
      const b = e.target.closest("button[data-extend], button[data-end]");
      if (!b) return;
      b.disabled = true;
      try {
        if (b.dataset.extend) {
          await ctx.api.post(`/api/v1/maintenance/${b.dataset.extend}/extend`, { duration: "1h" });
          announce("Window extended by an hour");
        } else {
          await ctx.api.del(`/api/v1/maintenance/${b.dataset.end}`);
          announce("Window ended");
        }
      } catch (err) {
        b.insertAdjacentHTML("afterend", errorBox(err));
      }
      await load();
    });
    await load();
  },
  dispose() {
    root = null;
  },
};
