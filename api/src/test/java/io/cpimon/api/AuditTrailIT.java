package io.cpimon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.api.routes.AlertRoutes;
import io.cpimon.api.routes.AuditRoutes;
import io.cpimon.api.routes.SilenceRoutes;
import io.cpimon.config.CpimonConfig.Role;
import io.cpimon.config.CpimonConfig.TokenConfig;
import io.cpimon.config.Secret;
import io.cpimon.db.AlertState;
import io.cpimon.db.Database;
import io.cpimon.db.NewAlert;
import io.cpimon.db.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit log over real HTTP and PostgreSQL: state changes by bearer token and by session cookie, refused ones,
 * logins and logouts are recorded once with who, what, target, status and address, without any secret; reads are
 * not; {@code GET /api/v1/audit} filters and pages, for admins only.
 */
class AuditTrailIT {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final String VIEWER = "viewer-token-audit-1";
    static final String OPERATOR = "operator-token-audit-2";
    static final String ADMIN = "admin-token-audit-3";
    static Vertx vertx;
    static Database db;
    static ApiServer server;
    static long alertId;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        db = TestDatabase.fresh();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        alertId = db.alerts().open(new NewAlert("fp-audit", "tenant_down", Map.of("rule", "tenant_down",
                "tenant", "t1"), Map.of("summary", "down"), AlertState.FIRING, NOW), List.of()).id();
        List<TokenConfig> tokens = List.of(new TokenConfig("wall", Role.VIEWER, Secret.of(VIEWER)),
                new TokenConfig("jane", Role.OPERATOR, Secret.of(OPERATOR)),
                new TokenConfig("root", Role.ADMIN, Secret.of(ADMIN)));
        server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(tokens, clock),
                List.of(new AlertRoutes(db.alerts(), clock), new SilenceRoutes(db.silences(), clock),
                        new AuditRoutes(db.audit())), db.audit(), clock);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close().await();
        db.close();
    }

    static HttpResponse<String> call(HttpClient client, String method, String path, String bearer,
                                     Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonArray audit(String query) throws Exception {
        HttpResponse<String> r = call(HTTP, "GET", "/api/v1/audit" + query, ADMIN, Map.of(), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonArray(r.body());
    }

    @Test
    void stateChanges_recordedOnceWithWhoWhatWhereAndOutcome_withoutSecrets() throws Exception {
        String since = "?since=" + URLEncoder.encode(NOW.toString(), StandardCharsets.UTF_8);
        int before = audit(since + "&limit=1000").size();
        assertThat(call(HTTP, "POST", "/api/v1/alerts/" + alertId + "/ack", OPERATOR, Map.of(),
                "{\"comment\":\"on it\"}").statusCode()).isEqualTo(200);
        assertThat(call(HTTP, "POST", "/api/v1/silences", VIEWER, Map.of(), "{}").statusCode()).isEqualTo(403);
        assertThat(call(HTTP, "POST", "/api/v1/silences", OPERATOR, Map.of(), "{\"matchers\":5}").statusCode())
                .isEqualTo(400);
        assertThat(call(HTTP, "GET", "/api/v1/alerts", OPERATOR, Map.of(), null).statusCode()).isEqualTo(200);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        assertThat(call(browser, "POST", "/api/v1/session", null, Map.of(), "{\"token\":\"wrong-secret-77\"}")
                .statusCode()).isEqualTo(401);
        HttpResponse<String> login = call(browser, "POST", "/api/v1/session", null, Map.of(),
                "{\"token\":\"" + OPERATOR + "\"}");
        String csrf = new JsonObject(login.body()).getString("csrfToken");
        assertThat(call(browser, "POST", "/api/v1/silences", null, Map.of(ApiAuth.CSRF_HEADER, csrf),
                "{\"matchers\":[\"tenant=t1\"],\"endsAt\":\"2026-11-24T14:00:00Z\"}").statusCode()).isEqualTo(201);
        assertThat(call(browser, "DELETE", "/api/v1/session", null, Map.of(), null).statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).until(() -> audit(since + "&limit=1000").size() == before + 7);
        List<JsonObject> entries = audit(since + "&limit=6").stream().map(JsonObject.class::cast).toList();
        assertThat(entries).extracting(e -> e.getString("actor") + " " + e.getString("action") + " "
                + e.getInteger("status")).containsExactly(
                "jane session.logout 204",
                "jane silences.create 201",
                "jane session.login 200",
                "unauthenticated session.login 401",
                "jane silences.create 400",
                "wall silences.create 403");
        JsonObject ack = audit("?action=alerts.ack").getJsonObject(0);
        assertThat(ack.getString("actor")).isEqualTo("jane");
        assertThat(ack.getString("method")).isEqualTo("POST");
        assertThat(ack.getString("route")).isEqualTo("/api/v1/alerts/{id}/ack");
        assertThat(ack.getString("target")).isEqualTo(Long.toString(alertId));
        assertThat(ack.getString("summary")).isEqualTo("body members: comment");
        assertThat(ack.getString("remote")).isEqualTo("127.0.0.1");
        assertThat(ack.getString("at")).isEqualTo(NOW.toString());
        assertThat(entries.get(4).getString("summary")).contains("matchers");
        assertThat(entries.get(3).getString("summary")).isEqualTo("the token is not one of server.tokens");
        String all = audit("?limit=1000").encode();
        assertThat(all).doesNotContain(OPERATOR, "wrong-secret-77", VIEWER, ADMIN, "on it");
        assertThat(all).doesNotContain("GET");
    }

    @Test
    void auditList_filtersAndPagesWithACursor_forAdminsOnly() throws Exception {
        for (int i = 0; i < 3; i++) {
            call(HTTP, "POST", "/api/v1/alerts/999" + i + "/ack", OPERATOR, Map.of(), null);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> audit("?actor=jane&action=alerts.ack").stream()
                .filter(e -> ((JsonObject) e).getInteger("status") == 404).count() == 3);
        HttpResponse<String> first = call(HTTP, "GET", "/api/v1/audit?actor=jane&action=alerts.ack&limit=2", ADMIN,
                Map.of(), null);
        String cursor = first.headers().firstValue("X-Next-Cursor").orElseThrow();
        assertThat(first.headers().firstValue("Link")).hasValueSatisfying(l -> assertThat(l)
                .contains("actor=jane", "action=alerts.ack", "before=" + cursor, "rel=\"next\""));
        JsonArray second = audit("?actor=jane&action=alerts.ack&limit=2&before=" + cursor);
        List<Long> ids = new ArrayList<>();
        new JsonArray(first.body()).forEach(e -> ids.add(((JsonObject) e).getLong("id")));
        second.forEach(e -> ids.add(((JsonObject) e).getLong("id")));
        assertThat(ids).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a)).hasSizeGreaterThan(2);
        assertThat(audit("?actor=nobody")).isEmpty();
        assertThat(audit("?until=" + URLEncoder.encode(NOW.toString(), StandardCharsets.UTF_8))).isEmpty();

        assertThat(call(HTTP, "GET", "/api/v1/audit", OPERATOR, Map.of(), null).statusCode()).isEqualTo(403);
        assertThat(call(HTTP, "GET", "/api/v1/audit", null, Map.of(), null).statusCode()).isEqualTo(401);
        HttpResponse<String> bad = call(HTTP, "GET", "/api/v1/audit?before=garbage", ADMIN, Map.of(), null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("parameter")).isEqualTo("before");
        HttpResponse<String> unknown = call(HTTP, "GET", "/api/v1/audit?who=jane", ADMIN, Map.of(), null);
        assertThat(new JsonObject(unknown.body()).getString("parameter")).isEqualTo("who");
    }

    @Test
    void action_namesTheResourceAndVerb() {
        assertThat(AuditTrail.action("POST", "/api/v1/alerts/{id}/ack")).isEqualTo("alerts.ack");
        assertThat(AuditTrail.action("POST", "/api/v1/silences")).isEqualTo("silences.create");
        assertThat(AuditTrail.action("DELETE", "/api/v1/silences/{id}")).isEqualTo("silences.delete");
        assertThat(AuditTrail.action("POST", "/api/v1/channels/{name}/test")).isEqualTo("channels.test");
        assertThat(AuditTrail.action("POST", "/api/v1/inbound/azure-monitor")).isEqualTo("inbound.azure-monitor.create");
        assertThat(AuditTrail.action("POST", "/api/v1/reload")).isEqualTo("reload");
    }
}
