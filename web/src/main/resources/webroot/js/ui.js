// Shared rendering for the page modules: escaping, times, status badges (text and icon, never colour alone),
// tables that become cards on a phone, and updates that leave focus and scroll where they were.

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for HTML content and attribute values. */
export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** "42s ago", "5m ago", "3h ago", "2d ago"; "never" for null. */
export function ago(iso, now = Date.now()) {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return `${span(s)} ago`;
}

/** A number of seconds as "42s", "5m", "3h", "2d". */
export function span(seconds) {
  const s = Math.round(seconds);
  if (s < 90) return `${s}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

/** A duration in milliseconds as "850 ms", "4.2 s", "3m", … */
export function millis(ms) {
  if (ms === null || ms === undefined) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return span(ms / 1000);
}

/** Local time of day, or the local date and time when not today. */
export function time(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}

/** A `<time>` element showing {@link time} with the ISO instant as its datetime and title. */
export function timeTag(iso) {
  return iso ? `<time datetime="${esc(iso)}" title="${esc(iso)}">${esc(time(iso))}</time>` : "";
}

/** 0.9734 → "97.3 %"; null → "–". */
export function percent(ratio) {
  return ratio === null || ratio === undefined || Number.isNaN(ratio) ? "–" : `${(ratio * 100).toFixed(1)} %`;
}

/** 12345 → "12,345" in the page's locale. */
export function count(n) {
  return n === null || n === undefined ? "–" : Number(n).toLocaleString();
}

const ICONS = { up: "▲", down: "▼", unknown: "?", warn: "!", ok: "✓", bad: "✕", muted: "◌", info: "•" };

/** Which icon and colour class a state word gets: ok (green), bad (red), warn (amber), muted or info. */
export function tone(state) {
  const s = String(state ?? "").toLowerCase();
  if (["up", "completed", "sent", "resolved", "running", "started", "ok", "active", "serving", "valid"].includes(s)) return "ok";
  if (["down", "failed", "dead", "escalated", "firing", "stopped", "error", "expired", "abandoned"].includes(s)) return "bad";
  if (["pending", "processing", "retry", "lagging", "starting", "warn", "expiring", "degraded"].includes(s)) return "warn";
  if (["acked", "silenced", "inhibited", "discarded", "cancelled", "suppressed", "standby"].includes(s)) return "muted";
  return "info";
}

/** A status badge: an icon and the state as text (status is never told by colour alone). */
export function badge(state, text = state, attrs = "") {
  const t = tone(state);
  const icon = t === "ok" ? ICONS.ok : t === "bad" ? ICONS.bad : t === "warn" ? ICONS.warn : t === "muted" ? ICONS.muted : ICONS.info;
  return `<span class="badge ${t}" ${attrs}><span aria-hidden="true">${icon}</span> ${esc(text)}</span>`;
}

/**
 * A table that becomes one card per row under 700 px: every cell carries its column's label.
 * columns: [{ label, render(row) → HTML, cls? }]; rowAttrs(row) → attribute HTML for the row.
 */
export function table({ columns, rows, empty = "none", caption = "", rowAttrs = () => "", cls = "" }) {
  const head = columns.map((c) => `<th scope="col">${esc(c.label)}</th>`).join("");
  const body = rows.length ? rows.map((r) => `<tr ${rowAttrs(r)}>${columns.map((c) =>
    `<td data-label="${esc(c.label)}"${c.cls ? ` class="${esc(typeof c.cls === "function" ? c.cls(r) : c.cls)}"` : ""}>${c.render(r)}</td>`).join("")}</tr>`).join("")
    : `<tr><td class="empty" colspan="${columns.length}">${esc(empty)}</td></tr>`;
  return `<table class="cards ${esc(cls)}">${caption ? `<caption>${esc(caption)}</caption>` : ""}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Replaces `el`'s content only when it changed, keeping the focused element (by id or data-key) and the scroll. */
export function update(el, html) {
  if (!el || el.__html === html) return;
  const focused = document.activeElement;
  const key = focused && el.contains(focused) ? focusKey(focused) : null;
  const x = window.scrollX;
  const y = window.scrollY;
  el.innerHTML = html;
  el.__html = html;
  if (key) el.querySelector(key)?.focus({ preventScroll: true });
  window.scrollTo(x, y);
}

/** Replaces one element by new markup (its outerHTML), keeping focus inside it as {@link update} does. */
export function replace(el, html) {
  if (!el) return null;
  const focused = document.activeElement;
  const key = focused && el.contains(focused) ? focusKey(focused) : null;
  const tmp = document.createElement("template");
  tmp.innerHTML = html.trim();
  const fresh = tmp.content.firstElementChild;
  el.replaceWith(fresh);
  if (key) fresh.querySelector(key)?.focus({ preventScroll: true });
  return fresh;
}

function focusKey(el) {
  if (el.id) return `#${CSS.escape(el.id)}`;
  if (el.dataset.focus) return `[data-focus="${CSS.escape(el.dataset.focus)}"]`;
  if (el.getAttribute("href")) return `[href="${CSS.escape(el.getAttribute("href"))}"]`;
  return null;
}

/** A short message in the page's live region (read by screen readers). */
export function announce(text) {
  const region = document.getElementById("announce") ?? Object.assign(document.body.appendChild(document.createElement("div")),
    { id: "announce", className: "sr-only" });
  region.setAttribute("role", "status");
  region.textContent = text;
}

/** An error shown where the data would be. */
export function errorBox(e) {
  return `<p class="error" role="alert">${esc(e?.message ?? e)}</p>`;
}
