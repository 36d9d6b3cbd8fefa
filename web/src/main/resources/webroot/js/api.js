// The dashboard's only way to the server: JSON in and out, problem+json turned into an ApiError whose message is the
// problem's detail, and the session's CSRF token on every state-changing call.

/** A failed call: `status` (0 when the server could not be reached), `problem` (the problem+json body, or {}). */
export class ApiError extends Error {
  constructor(status, problem, url) {
    super(problem.detail ?? (status ? `${url}: HTTP ${status}` : `${url}: the server cannot be reached`));
    this.status = status;
    this.problem = problem;
  }
}

let csrf = null;
let unauthorized = () => {};

/** The token sent as X-CSRF-Token; from the session (`GET`/`POST /api/v1/session`). */
export function useCsrf(token) {
  csrf = token ?? null;
}

/** Called when a call answers 401 (the session expired or was never there). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/** `path` with the non-empty entries of `params` as its query string (arrays repeat the name). */
export function url(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    (Array.isArray(v) ? v : [v]).forEach((one) => q.append(k, one));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * The response to a GET that boot.js started before the modules loaded, taken once; null when there is none for
 * this URL or it failed (the caller then asks again: a 401 from before a login must not end the new session).
 */
async function claimEarly(path) {
  const early = window.cpimonEarly;
  const pending = early?.get(path);
  if (!pending) return null;
  early.delete(path);
  const r = await pending.catch(() => null);
  return r?.ok ? r : null;
}

async function send(method, path, body, { quiet401 = false } = {}) {
  const headers = { Accept: "application/json" };
  if (method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = csrf ?? "";
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let r = method === "GET" ? await claimEarly(path) : null;
  try {
    r ??= await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin" });
  } catch (e) {
    throw new ApiError(0, {}, path);
  }
  if (!r.ok) {
    const problem = await r.json().catch(() => ({}));
    if (r.status === 401 && !quiet401) unauthorized();
    throw new ApiError(r.status, problem, path);
  }
  return r;
}

async function body(r) {
  return r.status === 204 ? null : r.json();
}

export const api = {
  get: async (path, params) => body(await send("GET", url(path, params))),
  post: async (path, data) => body(await send("POST", path, data)),
  put: async (path, data) => body(await send("PUT", path, data)),
  patch: async (path, data) => body(await send("PATCH", path, data)),
  del: async (path) => body(await send("DELETE", path)),
  /** A keyset page: `{ items, next }`, `next` the cursor from X-Next-Cursor (null on the last page). */
  page: async (path, params) => {
    const r = await send("GET", url(path, params));
    return { items: await r.json(), next: r.headers.get("X-Next-Cursor") };
  },
  /** The raw text of a GET (e.g. a CSV export), with its content type. */
  text: async (path, params, accept = "text/csv") => {
    const r = await send("GET", url(path, params));
    return { text: await r.text(), type: r.headers.get("Content-Type") ?? accept };
  },
  /** The current session (`{name, role, authentication, csrfToken}`), or null when not logged in. */
  session: async () => {
    try {
      return await body(await send("GET", "/api/v1/session", undefined, { quiet401: true }));
    } catch (e) {
      if (e.status === 401) return null;
      throw e;
    }
  },
  login: async (token) => body(await send("POST", "/api/v1/session", { token }, { quiet401: true })),
  logout: async () => body(await send("DELETE", "/api/v1/session", undefined, { quiet401: true })),
  url,
};
