// Every page of the dashboard, in navigation order: where it lives, its title, its navigation entry, and how to load
// it. A page's module is loaded when the page is first opened, so a first visit fetches only the page it shows.
// { path: "/x" | RegExp (named groups become params), title: string | (params) => string, nav?, href?,
//   load: () => import(module) } ; the module's default export is { render(root, params, ctx), onEvent?, dispose? }.
export default [
  { path: "/", title: "Overview", nav: "Overview", load: () => import("./overview.js") },
  { path: /^\/tenants\/(?<id>[^/]+)$/, title: (p) => `Tenant ${p.id}`, load: () => import("./tenant.js") },
  { path: /^\/pairs\/(?<id>[^/]+)$/, title: (p) => `Pair ${p.id}`, load: () => import("./pair.js") },
  { path: "/alerts", title: "Alerts", nav: "Alerts", load: () => import("./alerts.js") },
  { path: "/alerts/history", title: "Alert history", load: () => import("./history.js") },
  { path: /^\/alerts\/(?<id>\d+)$/, title: (p) => `Alert ${p.id}`, load: () => import("./alert.js") },
  { path: "/messages", title: "Messages", nav: "Messages", load: () => import("./messages.js") },
  { path: /^\/messages\/(?<tenant>[^/]+)\/(?<guid>[^/]+)$/, title: (p) => `Message ${p.guid}`,
    load: () => import("./message.js") },
  { path: "/channels", title: "Channels", nav: "Channels", load: () => import("./channels.js") },
  { path: "/maintenance", title: "Maintenance", nav: "Maintenance", load: () => import("./maintenance.js") },
];
