// Every page of the dashboard, in navigation order. A page module exports
// { path: "/x" | RegExp (named groups become params), title, nav?, href?, render(root, params, ctx), onEvent?, dispose? }.
import overview from "./overview.js";
import tenant from "./tenant.js";
import pair from "./pair.js";
import alerts from "./alerts.js";
import history from "./history.js";
import alert from "./alert.js";
import messages from "./messages.js";
import message from "./message.js";
import channels from "./channels.js";
import maintenance from "./maintenance.js";

export default [overview, tenant, pair, alerts, history, alert, messages, message, channels, maintenance];
