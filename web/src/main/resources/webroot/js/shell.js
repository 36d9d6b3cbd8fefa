// The dashboard's shell: session and role, navigation between the page modules (History API, one URL per page with
// its filters in the query string), the one live event stream and its pause, and keyboard shortcuts. Pages are
// listed in pages/index.js with their path, title and navigation entry; a page's module is loaded when it is opened
// and exports { render(root, params, ctx), onEvent?, dispose? }.
import pages from "./pages/index.js";
import { api, onUnauthorized, useCsrf } from "./api.js";
import { esc, errorBox } from "./ui.js";

const $ = (sel) => document.querySelector(sel);
const RANK = { viewer: 1, operator: 2, admin: 3 };
/** The typed events of GET /api/v1/events (api EventRoutes); each is handed to the current page's onEvent. */
export const EVENT_TYPES = ["tenants", "tenant", "messages", "alert", "notification", "silence", "channel", "pair"];
const SHORTCUTS = [
  ["/", "focus the search field"],
  ["g o", "go to the overview"],
  ["g a", "go to the alerts"],
  ["g m", "go to the messages"],
  ["a", "acknowledge the focused alert"],
  ["s", "silence the focused alert"],
  ["p", "pause or resume live updates"],
  ["?", "list these shortcuts"],
];
const GO = { o: "/", a: "/alerts", m: "/messages" };

let session = null;
let current = null;
/** Counts navigations: a page whose module arrives after the user went on is not shown. */
let routing = 0;
/** Events that came while the current page's module loaded: handed to it once it renders. */
let waiting = null;
let source = null;
let connection = "connecting";
let paused = false;
const held = [];
let reconnectTimer = null;

const ctx = {
  api,
  get session() {
    return session;
  },
  navigate,
  setQuery,
  paused: () => paused,
  query: () => new URLSearchParams(location.search),
};

function makeSession(who) {
  const role = String(who.role ?? "viewer").toLowerCase();
  return { name: who.name, role, authentication: !!who.authentication,
    may: (needed) => (RANK[role] ?? 0) >= (RANK[String(needed).toLowerCase()] ?? 99) };
}

function match(pathname) {
  for (const entry of pages) {
    if (typeof entry.path === "string") {
      if (entry.path === pathname) return { entry, groups: {} };
    } else {
      const m = entry.path.exec(pathname);
      if (m) return { entry, groups: Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)])) };
    }
  }
  return null;
}

/** Goes to `url` (path and query) inside the dashboard, adding a history entry. */
function navigate(url) {
  history.pushState(null, "", url);
  route(true);
}

/** Puts the page's filters into the URL (no reload, no new history entry): a copied link opens the same view. */
function setQuery(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    (Array.isArray(v) ? v : [v]).forEach((one) => q.append(k, one));
  }
  const s = q.toString();
  history.replaceState(null, "", s ? `${location.pathname}?${s}` : location.pathname);
}

async function route(moveFocus = false) {
  if (!session) return;
  const turn = ++routing;
  try {
    current?.page.dispose?.();
  } catch (e) {
    console.warn(e);
  }
  current = null;
  waiting = null;
  const root = $("#app");
  root.innerHTML = "";
  root.__html = undefined;
  // what a page noted on the root (data-drawn, …) belongs to that page
  Object.keys(root.dataset).forEach((k) => delete root.dataset[k]);
  const found = match(location.pathname);
  markNav();
  if (!found) {
    document.title = "No such page · cpimon";
    root.innerHTML = `<h1>No such page</h1><p>Nothing lives at <code>${esc(location.pathname)}</code>. <a href="/">Go to the overview</a>.</p>`;
    return;
  }
  const params = { ...Object.fromEntries(new URLSearchParams(location.search)), ...found.groups };
  const { entry } = found;
  const title = typeof entry.title === "function" ? entry.title(params) : entry.title;
  document.title = `${title} · cpimon`;
  if (moveFocus) $("#main").focus({ preventScroll: true });
  waiting = [];
  let page;
  try {
    page = (await entry.load()).default;
  } catch (e) {
    console.warn(e);
    if (turn === routing) {
      waiting = null;
      root.insertAdjacentHTML("beforeend", errorBox(new Error(`The page could not be loaded (${e.message}). Reload to try again.`)));
    }
    return;
  }
  if (turn !== routing) return;
  current = { page, params };
  const arrived = waiting;
  waiting = null;
  try {
    const rendering = page.render(root, params, ctx);
    arrived.forEach(dispatch);
    await rendering;
  } catch (e) {
    console.warn(e);
    root.insertAdjacentHTML("beforeend", errorBox(e));
  }
}

function buildNav() {
  $("#nav").innerHTML = pages.filter((p) => p.nav)
    .map((p) => `<li><a href="${esc(p.href ?? p.path)}">${esc(p.nav)}</a></li>`).join("");
  markNav();
}

function markNav() {
  document.querySelectorAll("#nav a").forEach((a) => {
    const href = a.getAttribute("href");
    const here = href === "/" ? location.pathname === "/" : location.pathname.startsWith(href);
    if (here) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
}

// Links inside the dashboard change the page without a reload; the API, files and modified clicks go to the browser.
document.addEventListener("click", (e) => {
  const a = e.target.closest?.("a[href]");
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if (a.target || a.hasAttribute("download")) return;
  const href = a.getAttribute("href");
  if (!href.startsWith("/") || href.startsWith("//") || /^\/(api|webjars|metrics|healthz|readyz)(\/|$)/.test(href)) return;
  if (href.startsWith("#")) return;
  e.preventDefault();
  navigate(href);
});
window.addEventListener("popstate", () => route(true));

// --- live events -------------------------------------------------------------------------------------------------

function showStream() {
  const el = $("#stream");
  const state = paused ? "paused" : connection;
  el.dataset.state = state;
  el.textContent = paused ? (held.length ? `paused (${held.length} updates waiting)` : "paused")
    : connection === "live" ? "live" : connection === "reconnecting" ? "reconnecting…" : "connecting…";
}

function connect() {
  clearTimeout(reconnectTimer);
  source?.close();
  // EventSource resumes with Last-Event-ID by itself: the server replays what was missed, or sends a new snapshot
  source = new EventSource("/api/v1/events");
  source.addEventListener("open", () => {
    connection = "live";
    showStream();
  });
  source.addEventListener("error", () => {
    connection = "reconnecting";
    showStream();
    if (source.readyState === EventSource.CLOSED) {
      // the server refused the stream (e.g. the session expired): check the session, then try again
      reconnectTimer = setTimeout(async () => {
        const who = await api.session().catch(() => undefined);
        if (who === null) showLogin();
        else if (session) connect();
      }, 2000);
    }
  });
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (e) => {
      let data;
      try {
        data = JSON.parse(e.data);
      } catch {
        return;
      }
      const event = { type, data, id: e.lastEventId };
      if (paused) {
        held.push(event);
        showStream();
      } else {
        dispatch(event);
      }
    });
  }
}

function dispatch(event) {
  if (waiting) {
    waiting.push(event);
    return;
  }
  const page = current?.page;
  if (!page?.onEvent) return;
  try {
    page.onEvent(event, ctx);
  } catch (e) {
    console.warn(e);
  }
}

function setPaused(value) {
  paused = value;
  const button = $("#pause");
  button.setAttribute("aria-pressed", String(paused));
  button.textContent = paused ? "Resume" : "Pause";
  if (!paused) held.splice(0).forEach(dispatch);
  showStream();
}

// --- keyboard ----------------------------------------------------------------------------------------------------

let pendingG = null;
document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || !session) return;
  const t = e.target;
  if (t.closest?.("input, textarea, select, [contenteditable], dialog[open]")) return;
  if (pendingG) {
    clearTimeout(pendingG);
    pendingG = null;
    const target = GO[e.key];
    if (target && match(target)) {
      e.preventDefault();
      navigate(target);
    }
    return;
  }
  switch (e.key) {
    case "g":
      pendingG = setTimeout(() => { pendingG = null; }, 1500);
      break;
    case "/": {
      const search = document.querySelector("#app [data-shortcut='search'], #app input[type='search']");
      if (search) {
        e.preventDefault();
        search.focus();
      }
      break;
    }
    case "?":
      e.preventDefault();
      $("#shortcuts").showModal();
      break;
    case "p":
      setPaused(!paused);
      break;
    case "a":
    case "s": {
      // a row that can be acted on says so with data-keys; its buttons carry data-key="a" / "s"
      const row = document.activeElement?.closest?.("[data-keys]");
      const button = row?.querySelector(`[data-key="${e.key}"]`);
      if (button && !button.disabled) {
        e.preventDefault();
        button.click();
      }
      break;
    }
    default:
  }
});

// --- session -----------------------------------------------------------------------------------------------------

function showLogin() {
  session = null;
  source?.close();
  source = null;
  try {
    current?.page.dispose?.();
  } catch (e) {
    console.warn(e);
  }
  current = null;
  waiting = null;
  routing++;
  $("#app").hidden = true;
  $("#app").innerHTML = "";
  $("#pause").hidden = true;
  $("#logout").hidden = true;
  $("#who").textContent = "";
  $("#login").hidden = false;
  $("#token").focus();
}

function start(who) {
  useCsrf(who.csrfToken);
  session = makeSession(who);
  $("#who").textContent = who.authentication ? `${who.name} (${session.role})` : "";
  $("#who").title = session.may("operator") ? "you may acknowledge, silence and test" : "read only: you may look, not change";
  $("#logout").hidden = !who.authentication;
  $("#pause").hidden = false;
  $("#login").hidden = true;
  $("#app").hidden = false;
  buildNav();
  route();
  connect();
}

$("#login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const token = $("#token").value;
  $("#token").value = "";
  try {
    $("#login-error").textContent = "";
    start(await api.login(token));
  } catch (err) {
    $("#login-error").textContent = err.message;
    $("#token").focus();
  }
});

$("#logout").addEventListener("click", async () => {
  await api.logout().catch(() => {});
  showLogin();
});
$("#pause").addEventListener("click", () => setPaused(!paused));
$("#help").addEventListener("click", () => $("#shortcuts").showModal());
$("#shortcut-list").innerHTML = SHORTCUTS.map(([k, what]) => `<dt><kbd>${esc(k)}</kbd></dt><dd>${esc(what)}</dd>`).join("");

onUnauthorized(showLogin);
api.session().then((who) => (who ? start(who) : showLogin())).catch((e) => {
  $("#login").hidden = false;
  $("#login-error").textContent = e.message;
});
