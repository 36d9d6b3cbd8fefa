// Runs before the modules load (a classic script, no imports): starts the reads every first page needs, the session
// and, on the overview, the overview itself, so that they travel while the browser fetches and compiles the modules.
// api.js claims each response once, by its exact URL, and asks again when one failed (e.g. 401 before a login).
(() => {
  const get = (path) => fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  const early = new Map([["/api/v1/session", get("/api/v1/session")]]);
  if (location.pathname === "/") {
    // the overview's URL as pages/overview.js asks for it: its range from the query, "1h" when absent or unknown
    const range = new URLSearchParams(location.search).get("range") === "24h" ? "24h" : "1h";
    const path = `/api/v1/overview?range=${range}`;
    early.set(path, get(path));
  }
  window.cpimonEarly = early;
  // a response nobody claimed soon (the first page failed before its read) is too old to show later
  setTimeout(() => early.clear(), 10000);
})();
