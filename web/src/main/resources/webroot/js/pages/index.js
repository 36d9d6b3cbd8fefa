// Every page of the dashboard, in navigation order. A page module exports
// { path: "/x" | RegExp (named groups become params), title, nav?, href?, render(root, params, ctx), onEvent?, dispose? }.
import overview from "./overview.js";
import tenant from "./tenant.js";
import pair from "./pair.js";

export default [overview, tenant, pair];
