package io.cpimon.simulator.tenant;

import io.cpimon.simulator.BasicCredentials;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The runtime host {@code /http/<path>} of one tenant, as a global load balancer probes it: 401 without Basic
 * credentials (the API user or the OAuth client), 404 when no STARTED artifact serves the path, else 200.
 * Runs on the tenant server's event loop.
 */
final class RuntimeEndpoint {

    private final SimulatedTenant tenant;

    RuntimeEndpoint(SimulatedTenant tenant) {
        this.tenant = tenant;
    }

    /** Answers {@code /http/<rest>}. */
    void handle(Exchange ex, String rest) {
        HttpServerRequest req = ex.request();
        BasicCredentials basic = BasicCredentials.parse(req.getHeader("Authorization"));
        boolean ok = basic != null && (basic.matches(tenant.basicUser(), tenant.basicPassword())
                || basic.matches(tenant.clientId(), tenant.clientSecret()));
        if (!ok) {
            ex.response().putHeader("WWW-Authenticate", "Basic realm=\"SAP Cloud Integration\"");
            ex.send(401, null, new byte[0]);
            return;
        }
        String endpoint = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        RuntimeArtifact a = tenant.runtimeEndpoint(endpoint);
        if (a == null) {
            ex.sendText(404, "No endpoint deployed at /http/" + endpoint);
            return;
        }
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD && req.method() != HttpMethod.POST) {
            ex.sendText(405, "Method not allowed");
            return;
        }
        ex.sendText(200, "OK " + a.id() + " " + a.version());
    }
}
