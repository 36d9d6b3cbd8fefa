package io.cpimon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.api.routes.NotificationRoutes;
import io.cpimon.config.CpimonConfig.Role;
import io.cpimon.config.CpimonConfig.TokenConfig;
import io.cpimon.config.Secret;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.Database;
import io.cpimon.db.NewAlert;
import io.cpimon.db.NewNotification;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationState;
import io.cpimon.db.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox through real HTTP: alert links, the payload as JSON, retry and discard of dead rows and their problems. */
class NotificationRoutesIT {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final String VIEWER = "viewer-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";
    static Vertx vertx;
    static Database db;
    static ApiServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        db = TestDatabase.fresh();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        List<TokenConfig> tokens = List.of(new TokenConfig("dash", Role.VIEWER, Secret.of(VIEWER)),
                new TokenConfig("ops", Role.OPERATOR, Secret.of(OPERATOR)));
        server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(tokens, clock),
                List.of(new NotificationRoutes(db.notifications(), clock)));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close().await();
        db.close();
    }

    @BeforeEach
    void reset() {
        TestDatabase.reset(db);
    }

    static HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** One row of {@code alert} to the channel, made DEAD when {@code dead}. */
    static Notification row(Alert alert, String key, boolean dead) {
        String payload = new JsonObject().put("alertId", alert.id()).put("rule", alert.rule()).put("status", "FIRING")
                .put("labels", new JsonObject(Map.of("tenant", "t1"))).encode();
        Notification n = db.notifications().enqueue(List.of(new NewNotification(alert.id(), "hook", key, "g:" + key,
                payload, NOW.minusSeconds(60)))).getFirst();
        if (dead) {
            db.notifications().claimDue(NOW, 10, Duration.ofMinutes(2));
            db.notifications().markDead(n.id(), NOW, "HTTP 404 from the peer");
        }
        return n;
    }

    static Alert alert() {
        return db.alerts().open(new NewAlert("fp", "tenant_down", Map.of("rule", "tenant_down", "tenant", "t1"),
                Map.of("summary", "down"), AlertState.FIRING, NOW), List.of());
    }

    @Test
    void list_pagesWithTheCursor_everyRowOnce_filtersByStateAndChannel() throws Exception {
        Alert a = alert();
        for (int i = 0; i < 5; i++) {
            row(a, "k" + i, false);
        }
        List<Long> seen = new ArrayList<>();
        String path = "/api/v1/notifications?state=pending&channel=hook&limit=2";
        for (int page = 0; page < 5 && path != null; page++) {
            HttpResponse<String> r = call("GET", path, VIEWER);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            new JsonArray(r.body()).forEach(n -> seen.add(((JsonObject) n).getLong("id")));
            path = r.headers().firstValue("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
        }
        assertThat(seen).hasSize(5).doesNotHaveDuplicates().isSortedAccordingTo((x, y) -> Long.compare(y, x));
        assertThat(new JsonArray(call("GET", "/api/v1/notifications?channel=other", VIEWER).body())).isEmpty();
        assertThat(new JsonArray(call("GET", "/api/v1/notifications?state=dead", VIEWER).body())).isEmpty();
        HttpResponse<String> bad = call("GET", "/api/v1/notifications?before=nonsense", VIEWER);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("parameter")).isEqualTo("before");
    }

    @Test
    void list_deadRow_linksItsAlertAndShowsThePayloadAsJson() throws Exception {
        Alert a = alert();
        row(a, "k1", true);

        HttpResponse<String> r = call("GET", "/api/v1/notifications", VIEWER);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject n = new JsonArray(r.body()).getJsonObject(0);
        assertThat(n.getString("state")).isEqualTo("DEAD");
        assertThat(n.getJsonArray("alertIds").stream().map(id -> ((Number) id).longValue())).containsExactly(a.id());
        assertThat(n.getJsonArray("alerts").getList()).containsExactly("/api/v1/alerts/" + a.id());
        assertThat(n.getValue("payload")).isInstanceOf(JsonObject.class);
        assertThat(n.getJsonObject("payload").getString("rule")).isEqualTo("tenant_down");
        assertThat(n.getString("lastError")).isEqualTo("HTTP 404 from the peer");
    }

    @Test
    void retry_deadRow_pendingAndDueNow_secondRetryIs409() throws Exception {
        Notification n = row(alert(), "k1", true);

        HttpResponse<String> r = call("POST", "/api/v1/notifications/" + n.id() + "/retry", OPERATOR);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("state")).isEqualTo("PENDING");
        Notification after = db.notifications().get(n.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(NotificationState.PENDING);
        assertThat(after.attempts()).isZero();
        assertThat(after.nextAttemptAt()).isEqualTo(NOW);

        HttpResponse<String> again = call("POST", "/api/v1/notifications/" + n.id() + "/retry", OPERATOR);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(again.body()).getString("detail")).contains("only a DEAD notification");
    }

    @Test
    void discard_deadRow_gone_sentRowIs409_unknownIs404_viewerIs403() throws Exception {
        Alert a = alert();
        Notification dead = row(a, "k1", true);
        Notification sent = row(a, "k2", false);
        db.notifications().markSent(sent.id(), NOW, "ref");

        assertThat(call("POST", "/api/v1/notifications/" + dead.id() + "/discard", VIEWER).statusCode())
                .as("operators only").isEqualTo(403);
        assertThat(call("POST", "/api/v1/notifications/" + dead.id() + "/discard", OPERATOR).statusCode()).isEqualTo(200);
        assertThat(db.notifications().get(dead.id())).isEmpty();

        HttpResponse<String> r = call("POST", "/api/v1/notifications/" + sent.id() + "/discard", OPERATOR);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(r.body()).getString("detail")).contains("SENT");
        HttpResponse<String> unknown = call("POST", "/api/v1/notifications/424242/retry", OPERATOR);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
