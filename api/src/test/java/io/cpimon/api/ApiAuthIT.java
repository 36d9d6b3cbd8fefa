package io.cpimon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.api.routes.EventRoutes;
import io.cpimon.api.routes.HealthRoutes;
import io.cpimon.api.routes.TenantRoutes;
import io.cpimon.api.routes.TenantViews;
import io.cpimon.config.CpimonConfig.Role;
import io.cpimon.config.CpimonConfig.TokenConfig;
import io.cpimon.config.Secret;
import io.cpimon.db.Database;
import io.cpimon.db.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bearer tokens, roles, the dashboard's session cookie and CSRF, through real HTTP. */
class ApiAuthIT {
    static final String VIEWER = "viewer-token-Zq81";
    static final String OPERATOR = "operator-token-Xw55";
    static final String ADMIN = "admin-token-Pk07";
    static Vertx vertx;
    static Database db;
    static ApiServer secured;
    static ApiServer open;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        db = TestDatabase.fresh();
        List<TokenConfig> tokens = List.of(new TokenConfig("dash", Role.VIEWER, Secret.of(VIEWER)),
                new TokenConfig("ops", Role.OPERATOR, Secret.of(OPERATOR)), new TokenConfig("root", Role.ADMIN, Secret.of(ADMIN)));
        secured = server(tokens);
        open = server(List.of());
    }

    static ApiServer server(List<TokenConfig> tokens) {
        TenantViews views = new TenantViews(db.tenants(), db.probes(), db.cursors(), db.mpls(), db.alerts(),
                Clock.systemUTC());
        ApiRoutes testRoutes = (router, endpoints) -> {
            router.post("/api/v1/things").handler(ctx -> Endpoints.json(ctx, 200,
                    new JsonObject().put("by", ApiAuth.principal(ctx).name()).encode()));
            router.post("/api/v1/reload").handler(ApiAuth.requires(Role.ADMIN))
                    .handler(ctx -> ctx.response().setStatusCode(204).end());
        };
        ApiServer server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(tokens, Clock.systemUTC()),
                List.of(new TenantRoutes(views), new EventRoutes(views), new HealthRoutes(Map::of), testRoutes));
        server.start();
        return server;
    }

    @AfterAll
    static void stop() {
        secured.close();
        open.close();
        vertx.close().await();
        db.close();
    }

    static HttpResponse<String> call(HttpClient client, ApiServer server, String method, String path, String bearer,
                                     Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> bearer(String method, String path, String token) throws Exception {
        return call(HttpClient.newHttpClient(), secured, method, path, token, Map.of(), null);
    }

    @ParameterizedTest(name = "{0} {1} with {2} → {3}")
    @CsvSource(nullValues = "none", value = {
            "GET, /api/v1/tenants, none, 401",
            "GET, /api/v1/tenants, wrong-token, 401",
            "GET, /api/v1/tenants, viewer-token-Zq81, 200",
            "GET, /api/v1/events?x=1, wrong-token, 401",
            "POST, /api/v1/things, viewer-token-Zq81, 403",
            "POST, /api/v1/things, operator-token-Xw55, 200",
            "POST, /api/v1/reload, operator-token-Xw55, 403",
            "POST, /api/v1/reload, admin-token-Pk07, 204",
            "GET, /healthz, none, 200"})
    void bearer_roleTable(String method, String path, String token, int status) throws Exception {
        HttpResponse<String> r = bearer(method, path, token);
        assertThat(r.statusCode()).isEqualTo(status);
        if (status == 401 || status == 403) {
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(new JsonObject(r.body()).getString("detail")).isNotBlank();
        }
        if (status == 401) {
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
        assertThat(r.body()).doesNotContain(VIEWER).doesNotContain(OPERATOR).doesNotContain(ADMIN);
    }

    @Test
    void session_cookieLogsInDashboard_stateChangesNeedCsrf_logoutEndsIt() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        assertThat(call(browser, secured, "GET", "/api/v1/session", null, Map.of(), null).statusCode()).isEqualTo(401);
        assertThat(call(browser, secured, "POST", "/api/v1/session", null, Map.of(), "{\"token\":\"nope\"}").statusCode()).isEqualTo(401);

        HttpResponse<String> login = call(browser, secured, "POST", "/api/v1/session", null, Map.of(), "{\"token\":\"" + OPERATOR + "\"}");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
                assertThat(c).startsWith(ApiAuth.COOKIE + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict").doesNotContain(OPERATOR));
        JsonObject who = new JsonObject(login.body());
        assertThat(who.getString("name")).isEqualTo("ops");
        assertThat(who.getString("role")).isEqualTo("operator");
        String csrf = who.getString("csrfToken");
        assertThat(login.body()).doesNotContain(OPERATOR);

        assertThat(call(browser, secured, "GET", "/api/v1/tenants", null, Map.of(), null).statusCode()).isEqualTo(200);
        assertThat(call(browser, secured, "POST", "/api/v1/things", null, Map.of(), null).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(call(browser, secured, "POST", "/api/v1/things", null, Map.of(ApiAuth.CSRF_HEADER, "forged"), null).statusCode()).isEqualTo(403);
        HttpResponse<String> withCsrf = call(browser, secured, "POST", "/api/v1/things", null, Map.of(ApiAuth.CSRF_HEADER, csrf), null);
        assertThat(withCsrf.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(withCsrf.body()).getString("by")).as("the principal reaches the handler").isEqualTo("ops");

        assertThat(call(browser, secured, "DELETE", "/api/v1/session", null, Map.of(), null).statusCode()).isEqualTo(204);
        assertThat(call(browser, secured, "GET", "/api/v1/tenants", null, Map.of(), null).statusCode()).isEqualTo(401);
    }

    @Test
    void noTokensConfigured_apiIsOpen() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        assertThat(call(client, open, "GET", "/api/v1/tenants", null, Map.of(), null).statusCode()).isEqualTo(200);
        assertThat(call(client, open, "POST", "/api/v1/things", null, Map.of(), null).statusCode()).isEqualTo(200);
        assertThat(new JsonObject(call(client, open, "GET", "/api/v1/session", null, Map.of(), null).body()).getBoolean("authentication")).isFalse();
    }
}
