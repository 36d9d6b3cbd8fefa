// The ack and silence forms of an alert, shared by the alerts list and the alert's own page: the comment, the labels
// a silence keeps (all ticked: prefilled from the alert) and its duration. Not a page.
import { esc } from "../ui.js";

export const DURATIONS = [["30m", "30 minutes"], ["1h", "1 hour"], ["2h", "2 hours"], ["4h", "4 hours"],
  ["8h", "8 hours"], ["1d", "1 day"], ["3d", "3 days"], ["1w", "1 week"]];

/** Which of acked / silenced / inhibited an open alert is (the first that applies), "" otherwise. */
export function muted(a) {
  if (a.state === "RESOLVED") return "";
  return a.ackedBy ? "acked" : a.silencedBy ? "silenced" : a.inhibitedBy ? "inhibited" : "";
}

/** What a viewer sees instead of the buttons. */
export function readOnly(ctx) {
  return `<span class="readonly">read only (${esc(ctx.session.role)})</span>`;
}

/** A short name of an alert for labels and headings: its rule and where. */
export function alertName(a) {
  const where = a.labels.tenant ?? a.labels.pair ?? a.labels.channel ?? "";
  return where ? `${a.rule} · ${where}` : a.rule;
}

export function ackForm(a) {
  const id = `ack-comment-${a.id}`;
  return `<form class="act-form" data-form="ack" data-id="${a.id}" aria-label="Acknowledge ${esc(alertName(a))}">
    <div class="field wide"><label for="${id}">Comment for the team (optional)</label>
      <input id="${id}" name="comment" maxlength="4000" autocomplete="off" placeholder="what you are doing about it"></div>
    <button type="submit" class="primary" data-focus="ack-submit-${a.id}">Acknowledge</button>
    <button type="button" data-cancel>Cancel</button>
    <p class="error" role="alert"></p>
  </form>`;
}

export function silenceForm(a) {
  const names = Object.keys(a.labels).sort();
  const checks = names.map((n) => `<label class="check"><input type="checkbox" name="labels" value="${esc(n)}" checked>
      <span class="label">${esc(n)}="${esc(a.labels[n])}"</span></label>`).join("");
  return `<form class="act-form" data-form="silence" data-id="${a.id}" aria-label="Silence ${esc(alertName(a))}">
    <fieldset><legend>Silence alerts with these labels</legend>${checks}</fieldset>
    <div class="field"><label for="silence-duration-${a.id}">For</label>
      <select id="silence-duration-${a.id}" name="duration">${DURATIONS.map(([v, t]) =>
        `<option value="${v}"${v === "2h" ? " selected" : ""}>${t}</option>`).join("")}</select></div>
    <div class="field wide"><label for="silence-comment-${a.id}">Why (optional)</label>
      <input id="silence-comment-${a.id}" name="comment" maxlength="4000" autocomplete="off"></div>
    <button type="submit" class="primary">Silence</button>
    <button type="button" data-cancel>Cancel</button>
    <p class="error" role="alert"></p>
  </form>`;
}

/**
 * Handles the ack and silence forms inside `root`: posts them and calls `done(kind, id, result)` ("ack", "silence"
 * or "cancel"); a refused call shows the server's reason in the form.
 */
export function wireForms(root, ctx, done) {
  root.addEventListener("submit", async (e) => {
    const form = e.target.closest("form[data-form]");
    if (!form || !root.contains(form)) return;
    e.preventDefault();
    const id = form.dataset.id;
    const error = form.querySelector(".error");
    error.textContent = "";
    const data = new FormData(form);
    const comment = String(data.get("comment") ?? "").trim() || undefined;
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    try {
      if (form.dataset.form === "ack") {
        done("ack", id, await ctx.api.post(`/api/v1/alerts/${id}/ack`, { comment }));
      } else if (form.dataset.form === "silence") {
        const labels = data.getAll("labels");
        if (!labels.length) throw new Error("Tick at least one label: a silence without one would mute everything.");
        done("silence", id, await ctx.api.post(`/api/v1/alerts/${id}/silence`,
          { duration: data.get("duration"), labels, comment }));
      }
    } catch (err) {
      error.textContent = err.message;
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
  root.addEventListener("click", (e) => {
    const cancel = e.target.closest("[data-cancel]");
    const form = cancel?.closest("form[data-form]");
    if (form && root.contains(form)) done("cancel", form.dataset.id, null);
  });
  root.addEventListener("keydown", (e) => {
    const form = e.target.closest?.("form[data-form]");
    if (e.key === "Escape" && form && root.contains(form)) done("cancel", form.dataset.id, null);
  });
}
