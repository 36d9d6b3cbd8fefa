// One message (/messages/{tenant}/{guid}): every stored field, its custom headers, the error text in full, and
// "Open in CPI" (the MPL's AlternateWebLink in the tenant's monitor).
import { badge, errorBox, esc, timeTag } from "../ui.js";

const FIELDS = [
  ["tenantId", "Tenant"], ["messageGuid", "MessageGuid"], ["status", "Status"], ["customStatus", "Custom status"],
  ["logStart", "Log start"], ["logEnd", "Log end"], ["integrationFlowName", "iFlow"], ["artifactId", "Artifact id"],
  ["artifactName", "Artifact name"], ["artifactType", "Artifact type"], ["packageId", "Package id"],
  ["packageName", "Package"], ["sender", "Sender"], ["receiver", "Receiver"], ["correlationId", "CorrelationId"],
  ["applicationMessageId", "ApplicationMessageId"], ["applicationMessageType", "ApplicationMessageType"],
  ["businessKey", "Business key (pair)"], ["predecessorMessageGuid", "Predecessor MessageGuid"],
  ["transactionId", "Transaction id"], ["logLevel", "Log level"], ["archivingStatus", "Archiving status"],
  ["previousComponentName", "Previous component"], ["localComponentName", "Local component"],
  ["originComponentName", "Origin component"],
];
const TIMES = new Set(["logStart", "logEnd"]);

function value(m, key) {
  const v = m[key];
  if (v === null || v === undefined || v === "") return `<span class="muted">–</span>`;
  if (TIMES.has(key)) return timeTag(v);
  if (key === "status") return badge(String(v).toLowerCase(), v);
  if (key === "applicationMessageId") {
    return `${esc(v)} · <a href="/messages?appId=${encodeURIComponent(v)}">every message with this key</a>`;
  }
  if (key === "correlationId") return `${esc(v)} · <a href="/messages?correlationId=${encodeURIComponent(v)}">the whole exchange</a>`;
  return esc(v);
}

/** Only a web address may become a link: a stored value is data, never script. */
function safeLink(href) {
  try {
    const u = new URL(href);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

export default {
  async render(root, params, ctx) {
    root.innerHTML = `<p><a href="/messages">← Messages</a></p><h1>Message <span class="mono">${esc(params.guid)}</span></h1>
      <div id="message"><p class="muted">Loading…</p></div>`;
    let m;
    try {
      m = await ctx.api.get(`/api/v1/messages/${encodeURIComponent(params.tenant)}/${encodeURIComponent(params.guid)}`);
    } catch (e) {
      root.querySelector("#message").innerHTML = errorBox(e);
      return;
    }
    const link = m.alternateWebLink ? safeLink(m.alternateWebLink) : null;
    const headers = Object.entries(m.customHeaders ?? {}).sort(([a], [b]) => a.localeCompare(b));
    root.querySelector("#message").innerHTML = `
      <p class="actions">${badge(String(m.status ?? "").toLowerCase(), m.status ?? "?")}
        ${link ? `<a class="button" href="${esc(link)}" target="_blank" rel="noopener noreferrer" id="open-in-cpi">Open in CPI<span class="sr-only"> (new tab)</span> ↗</a>`
          : `<span class="muted">no link into CPI stored</span>`}</p>
      ${m.errorText ? `<h2 id="error-heading">Error text</h2><pre class="errortext" id="error-text" aria-labelledby="error-heading">${esc(m.errorText)}</pre>`
        : ["FAILED", "ESCALATED"].includes(m.status) ? `<p class="muted">The error text has not been fetched yet (it is read from the tenant after the message is stored).</p>` : ""}
      <h2>Fields</h2>
      <dl class="detail">${FIELDS.map(([k, label]) => `<dt>${esc(label)}</dt><dd>${value(m, k)}</dd>`).join("")}</dl>
      <h2>Custom headers</h2>
      ${headers.length ? `<dl class="detail" id="custom-headers">${headers.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}
          · <a href="/messages?header=${encodeURIComponent(`${k}=${v}`)}">messages with this header</a></dd>`).join("")}</dl>`
        : `<p class="empty">No custom headers.</p>`}`;
  },
};
