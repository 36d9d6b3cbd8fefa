package io.cpimon.simulator.tenant;

import io.cpimon.simulator.BasicCredentials;
import io.cpimon.simulator.odata.QueryString;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code POST /oauth/token} of one tenant: the client-credentials grant with the client authenticated by a Basic
 * header or form fields, answered like the platform's UAA (docs/cpi-api.md). Stateless apart from the tenant;
 * runs on the tenant server's event loop.
 */
final class TokenEndpoint {

    private final SimulatedTenant tenant;

    TokenEndpoint(SimulatedTenant tenant) {
        this.tenant = tenant;
    }

    void handle(Exchange ex) {
        HttpServerRequest req = ex.request();
        if (req.method() != HttpMethod.POST) {
            ex.response().putHeader("Allow", "POST");
            sendJson(ex, 405,
                    "{\"error\":\"method_not_allowed\",\"error_description\":\"Request method not supported\"}");
            return;
        }
        Map<String, String> form = new LinkedHashMap<>(QueryString.parse(req.query()));
        String contentType = req.getHeader("Content-Type");
        var body = ex.routingContext().body();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                && body != null && body.buffer() != null) {
            form.putAll(QueryString.parse(body.asString()));
        }
        String grant = form.get("grant_type");
        if (grant == null) {
            sendJson(ex, 400, "{\"error\":\"invalid_request\",\"error_description\":\"Missing grant type\"}");
            return;
        }
        if (!grant.equals("client_credentials")) {
            sendJson(ex, 400, "{\"error\":\"unsupported_grant_type\",\"error_description\":\"Unsupported grant type: "
                    + grant.replace("\"", "") + "\"}");
            return;
        }
        BasicCredentials basic = BasicCredentials.parse(req.getHeader("Authorization"));
        String id = basic != null ? basic.user() : form.get("client_id");
        String secret = basic != null ? basic.password() : form.get("client_secret");
        if (!tenant.clientId().equals(id) || !tenant.clientSecret().equals(secret)) {
            ex.response().putHeader("WWW-Authenticate",
                    "Basic realm=\"UAA/client\", error=\"unauthorized\", error_description=\"Bad credentials\"");
            sendJson(ex, 401, "{\"error\":\"unauthorized\",\"error_description\":\"Bad credentials\"}");
            return;
        }
        String token = tenant.tokens().issue();
        String jti = Ids.hex(new SplittableRandom(Ids.seedOf(token)), 32);
        String json = "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":"
                + tenant.tokenValidity().toSeconds() + ",\"scope\":\"it!b" + tenant.id().length()
                + ".MonitoringDataRead uaa.resource\",\"jti\":\"" + jti + "\"}";
        ex.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
        ex.sendData(200, "application/json;charset=UTF-8", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendJson(Exchange ex, int status, String json) {
        ex.send(status, Exchange.JSON, json.getBytes(StandardCharsets.UTF_8));
    }
}
