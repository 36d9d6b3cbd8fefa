package io.cpimon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.api.routes.AlertRoutes;
import io.cpimon.api.routes.ChannelRoutes;
import io.cpimon.api.routes.MaintenanceRoutes;
import io.cpimon.api.routes.NotificationRoutes;
import io.cpimon.api.routes.SilenceRoutes;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.Role;
import io.cpimon.config.CpimonConfig.TokenConfig;
import io.cpimon.config.LabelMatcher;
import io.cpimon.config.Secret;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.Database;
import io.cpimon.db.NewAlert;
import io.cpimon.db.NewNotification;
import io.cpimon.db.Notification;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the dashboard does with alerts, through real HTTP and PostgreSQL: filter by status and text, group, ack as the
 * caller with a comment, the timeline, silence from an alert, extend silences, maintenance windows of a tenant and a
 * pair, each channel's backlog; viewers change nothing.
 */
class AlertActionsIT {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final String VIEWER = "viewer-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";
    static Vertx vertx;
    static Database db;
    static ApiServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        db = TestDatabase.fresh();
        CpimonConfig config = new ConfigLoader(n -> null, AlertingCatalogue.CONFIG).parse("""
                tenants:
                  - { id: t1, name: Primary, api: { url: "https://t1.example.com/api/v1", auth: { basic: { user: u, password: p } } },
                      probe: { url: "https://t1-rt.example.com/http/health" } }
                  - { id: t2, name: DR, api: { url: "https://t2.example.com/api/v1", auth: { basic: { user: u, password: p } } },
                      probe: { url: "https://t2-rt.example.com/http/health" } }
                  - { id: t3, name: Dev, api: { url: "https://t3.example.com/api/v1", auth: { basic: { user: u, password: p } } },
                      probe: { url: "https://t3-rt.example.com/http/health" } }
                pairs: [ { id: p, primary: t1, dr: t2 } ]
                channels: [ { name: hook, type: webhook, url: "http://127.0.0.1:9/hook" },
                            { name: quiet, type: webhook, url: "http://127.0.0.1:9/quiet" } ]
                routes: [ { channels: [hook] } ]
                """, "test.yaml");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        List<TokenConfig> tokens = List.of(new TokenConfig("dash", Role.VIEWER, Secret.of(VIEWER)),
                new TokenConfig("ops", Role.OPERATOR, Secret.of(OPERATOR)));
        server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(tokens, clock), List.of(
                new AlertRoutes(db.alerts(), db.notifications(), db.silences(), clock),
                new SilenceRoutes(db.silences(), clock),
                new MaintenanceRoutes(db.maintenance(), () -> config, clock),
                new ChannelRoutes(config, db.notifications(), (name, by) -> Optional.empty()),
                new NotificationRoutes(db.notifications(), clock)));
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

    static HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject object(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = call(method, path, body, OPERATOR);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return new JsonObject(r.body());
    }

    static JsonArray array(String path) throws Exception {
        HttpResponse<String> r = call("GET", path, null, VIEWER);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return new JsonArray(r.body());
    }

    static Alert open(String rule, Map<String, String> labels, AlertState state, Instant at) {
        return db.alerts().open(new NewAlert(rule + labels, rule, labels, Map.of("summary", rule + " on " + labels),
                state, at), List.of());
    }

    static List<Long> ids(JsonArray a) {
        return a.stream().map(JsonObject.class::cast).map(o -> o.getLong("id")).toList();
    }

    /** firing t1 (down), pending t1 (failed), firing t2 acked, firing t3 silenced, resolved t2. */
    record Landscape(Alert down, Alert failed, Alert acked, Alert silenced, Alert resolved) {
        static Landscape create() {
            Alert down = open("tenant_down", Map.of("rule", "tenant_down", "tenant", "t1", "pair", "p"),
                    AlertState.FIRING, NOW.minusSeconds(300));
            Alert failed = open("failed_messages", Map.of("rule", "failed_messages", "tenant", "t1", "iflow", "Orders"),
                    AlertState.PENDING, NOW.minusSeconds(200));
            Alert acked = open("failed_messages", Map.of("rule", "failed_messages", "tenant", "t2", "iflow", "Orders"),
                    AlertState.FIRING, NOW.minusSeconds(100));
            db.alerts().acknowledge(acked.id(), "alice", NOW.minusSeconds(50), "looking at the Ariba side");
            Alert silenced = open("cert_expiry", Map.of("rule", "cert_expiry", "tenant", "t3", "alias", "partner"),
                    AlertState.FIRING, NOW.minusSeconds(90));
            db.alerts().flag(silenced.id(), "7", null);
            Alert resolved = open("tenant_down", Map.of("rule", "tenant_down", "tenant", "t2", "pair", "p"),
                    AlertState.FIRING, NOW.minusSeconds(4000));
            db.alerts().transition(resolved.id(), AlertState.RESOLVED, NOW.minusSeconds(3000), List.of());
            return new Landscape(down, failed, acked, silenced, resolved);
        }
    }

    @Test
    void alerts_byStatusAndText_exactlyTheMatches() throws Exception {
        Landscape l = Landscape.create();

        assertThat(ids(array("/api/v1/alerts?state=firing"))).containsExactlyInAnyOrder(l.down().id(),
                l.acked().id(), l.silenced().id());
        assertThat(ids(array("/api/v1/alerts?state=pending"))).containsExactly(l.failed().id());
        assertThat(ids(array("/api/v1/alerts?state=acked"))).containsExactly(l.acked().id());
        assertThat(ids(array("/api/v1/alerts?state=silenced"))).containsExactly(l.silenced().id());
        assertThat(ids(array("/api/v1/alerts?state=pending,acked"))).containsExactlyInAnyOrder(l.failed().id(),
                l.acked().id());
        assertThat(ids(array("/api/v1/alerts?state=resolved&q=T2"))).containsExactly(l.resolved().id());
        assertThat(ids(array("/api/v1/alerts?q=ariba+side"))).containsExactly(l.acked().id());
        assertThat(ids(array("/api/v1/alerts?q=alice"))).containsExactly(l.acked().id());
        assertThat(ids(array("/api/v1/alerts?q=partner&state=firing"))).containsExactly(l.silenced().id());
        assertThat(ids(array("/api/v1/alerts?q=100%25"))).isEmpty();
    }

    @Test
    void groups_byTenantRuleAndPair_countsPerStatus() throws Exception {
        Landscape.create();

        JsonArray byTenant = array("/api/v1/alerts/groups?by=tenant&state=pending,firing");
        JsonObject t1 = byTenant.stream().map(JsonObject.class::cast).filter(g -> g.getString("key").equals("t1"))
                .findFirst().orElseThrow();
        assertThat(t1.getInteger("count")).isEqualTo(2);
        assertThat(t1.getInteger("firing")).isEqualTo(1);
        assertThat(t1.getInteger("pending")).isEqualTo(1);
        assertThat(byTenant.stream().map(JsonObject.class::cast).map(g -> g.getString("key")))
                .containsExactlyInAnyOrder("t1", "t2", "t3");

        JsonArray byRule = array("/api/v1/alerts/groups?by=rule&state=firing,pending");
        JsonObject failed = byRule.stream().map(JsonObject.class::cast)
                .filter(g -> g.getString("key").equals("failed_messages")).findFirst().orElseThrow();
        assertThat(failed.getInteger("count")).isEqualTo(2);
        assertThat(failed.getInteger("acked")).isEqualTo(1);
        assertThat(failed.getJsonArray("alerts")).hasSize(2);

        JsonArray byPair = array("/api/v1/alerts/groups?by=pair");
        assertThat(byPair.stream().map(JsonObject.class::cast).map(g -> g.getString("key") + "=" + g.getInteger("count")))
                .containsExactlyInAnyOrder("p=2", "=3");
    }

    @Test
    void ack_byOperator_recordsTheCallerAndCommentAndTheTimelineKeepsItAfterResolution() throws Exception {
        Alert a = open("tenant_down", Map.of("rule", "tenant_down", "tenant", "t1"), AlertState.PENDING,
                NOW.minusSeconds(600));
        db.alerts().transition(a.id(), AlertState.FIRING, NOW.minusSeconds(500), List.of(
                new NewNotification(a.id(), "hook", "k-hook", "g", "{\"status\":\"firing\"}", NOW.minusSeconds(500)),
                new NewNotification(a.id(), "quiet", "k-quiet", "g", "{\"status\":\"firing\"}", NOW.minusSeconds(500))));
        List<Notification> rows = db.notifications().claimDue(NOW.minusSeconds(499), 10, Duration.ofMinutes(1));
        Notification hook = rows.stream().filter(n -> n.channel().equals("hook")).findFirst().orElseThrow();
        Notification quiet = rows.stream().filter(n -> n.channel().equals("quiet")).findFirst().orElseThrow();
        db.notifications().markSent(hook.id(), NOW.minusSeconds(498), "ref-42");
        db.notifications().markDead(quiet.id(), NOW.minusSeconds(497), "HTTP 404 from the peer");

        JsonObject acked = object("POST", "/api/v1/alerts/" + a.id() + "/ack", "{\"comment\":\"on it\"}", 200);
        assertThat(acked.getString("ackedBy")).isEqualTo("ops");
        assertThat(acked.getString("ackComment")).isEqualTo("on it");
        db.alerts().transition(a.id(), AlertState.RESOLVED, NOW.plusSeconds(60), List.of());

        JsonArray timeline = array("/api/v1/alerts/" + a.id() + "/timeline");
        assertThat(timeline.stream().map(JsonObject.class::cast).map(e -> e.getString("kind")
                + (e.getString("channel") == null ? "" : ":" + e.getString("channel") + ":" + e.getString("result"))))
                .containsExactly("pending", "firing", "notified:hook:delivered", "notified:quiet:dead", "acked",
                        "resolved");
        JsonObject ack = timeline.getJsonObject(4);
        assertThat(ack.getString("by")).isEqualTo("ops");
        assertThat(ack.getString("comment")).isEqualTo("on it");
        assertThat(ack.getString("at")).isEqualTo(NOW.toString());
        assertThat(timeline.getJsonObject(2).getString("detail")).isEqualTo("ref-42");
        assertThat(timeline.getJsonObject(2).getString("about")).isEqualTo("firing");
        assertThat(timeline.getJsonObject(3).getString("detail")).isEqualTo("HTTP 404 from the peer");
        assertThat(db.alerts().get(a.id()).orElseThrow().ackedBy()).as("resolution clears the alert's ack").isNull();
    }

    @Test
    void viewer_changesNothing() throws Exception {
        Alert a = open("tenant_down", Map.of("rule", "tenant_down", "tenant", "t1"), AlertState.FIRING, NOW);
        assertThat(call("POST", "/api/v1/alerts/" + a.id() + "/ack", "{}", VIEWER).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/alerts/" + a.id() + "/silence", "{\"duration\":\"1h\"}", VIEWER).statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/api/v1/maintenance", "{\"tenant\":\"t1\",\"duration\":\"1h\"}", VIEWER).statusCode())
                .isEqualTo(403);
        assertThat(db.alerts().get(a.id()).orElseThrow().ackedBy()).isNull();
        assertThat(db.silences().list(10)).isEmpty();
        assertThat(db.maintenance().list(10)).isEmpty();
    }

    @Test
    void silenceFromAlert_prefilledWithItsLabels_mutesThemForTheDuration() throws Exception {
        Alert a = open("failed_messages", Map.of("rule", "failed_messages", "tenant", "t1", "iflow", "Orders"),
                AlertState.FIRING, NOW);

        JsonObject all = object("POST", "/api/v1/alerts/" + a.id() + "/silence", "{\"duration\":\"2h\"}", 201);
        assertThat(all.getJsonArray("matchers").getList()).containsExactly("iflow=\"Orders\"",
                "rule=\"failed_messages\"", "tenant=\"t1\"");
        assertThat(all.getString("endsAt")).isEqualTo(NOW.plus(Duration.ofHours(2)).toString());
        assertThat(all.getString("createdBy")).isEqualTo("ops");
        assertThat(all.getString("comment")).isEqualTo("silenced from alert " + a.id());
        assertThat(db.silences().get(all.getLong("id")).orElseThrow().mutes(a.labels(), NOW)).isTrue();

        JsonObject some = object("POST", "/api/v1/alerts/" + a.id() + "/silence",
                "{\"labels\":[\"tenant\"],\"duration\":\"PT30M\",\"comment\":\"deploying\"}", 201);
        assertThat(some.getJsonArray("matchers").getList()).containsExactly("tenant=\"t1\"");
        assertThat(some.getString("endsAt")).isEqualTo(NOW.plus(Duration.ofMinutes(30)).toString());
        assertThat(some.getString("comment")).isEqualTo("deploying");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            no duration nor end         | /silence | {}                                          | either 'duration'
            both duration and end       | /silence | {"duration":"1h","endsAt":"2026-11-24T13:00:00Z"} | not both
            duration not a duration     | /silence | {"duration":"soon"}                         | duration must be a duration
            duration over 90 days       | /silence | {"duration":"91d"}                          | duration must be at most 90d
            duration a number           | /silence | {"duration":60}                             | duration must be a string
            label it does not have      | /silence | {"duration":"1h","labels":["pair"]}         | has no label 'pair'
            labels not a list           | /silence | {"duration":"1h","labels":"tenant"}         | labels must be a non-empty list
            end in the past             | /silence | {"endsAt":"2026-11-24T11:00:00Z"}           | endsAt must be
            """)
    void silenceFromAlert_badBody_400NamingIt(String name, String path, String body, String detail) throws Exception {
        Alert a = open("failed_messages", Map.of("rule", "failed_messages", "tenant", "t1"), AlertState.FIRING, NOW);
        HttpResponse<String> r = call("POST", "/api/v1/alerts/" + a.id() + path, body, OPERATOR);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("detail")).contains(detail);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown status              | /api/v1/alerts?state=open             | state must be one or more
            one bad status in a list    | /api/v1/alerts?state=firing,loud      | 'loud'
            misspelt filter             | /api/v1/alerts?tenat=t1               | unknown query parameter 'tenat'
            groups without by           | /api/v1/alerts/groups                 | by is required
            groups by nothing known     | /api/v1/alerts/groups?by=iflow        | by must be one of
            timeline of no number       | /api/v1/alerts/x/timeline             | id must be a number
            maintenance all=maybe       | /api/v1/maintenance?all=maybe         | all must be true or false
            """)
    void list_badParameter_400NamingIt(String name, String path, String detail) throws Exception {
        HttpResponse<String> r = call("GET", path, null, VIEWER);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("detail")).contains(detail);
    }

    @Test
    void silence_extendByDurationOrToAnEnd_andNotOnceExpired() throws Exception {
        JsonObject s = object("POST", "/api/v1/silences", "{\"matchers\":[\"tenant=t1\"],\"startsAt\":\"2026-11-24T11:59:00Z\",\"duration\":\"1h1m\"}", 201);
        assertThat(s.getString("endsAt")).isEqualTo(NOW.plus(Duration.ofHours(1)).toString());
        long id = s.getLong("id");

        assertThat(object("POST", "/api/v1/silences/" + id + "/extend", "{\"duration\":\"30m\"}", 200)
                .getString("endsAt")).isEqualTo(NOW.plus(Duration.ofMinutes(90)).toString());
        assertThat(object("POST", "/api/v1/silences/" + id + "/extend", "{\"endsAt\":\"2026-11-24T18:00:00Z\"}", 200)
                .getString("endsAt")).isEqualTo("2026-11-24T18:00:00Z");
        assertThat(db.silences().get(id).orElseThrow().endsAt()).isEqualTo(Instant.parse("2026-11-24T18:00:00Z"));

        object("DELETE", "/api/v1/silences/" + id, null, 200);
        assertThat(object("POST", "/api/v1/silences/" + id + "/extend", "{\"duration\":\"1h\"}", 409)
                .getString("detail")).contains("has expired");
        assertThat(object("POST", "/api/v1/silences/999/extend", "{\"duration\":\"1h\"}", 404)
                .getString("detail")).contains("no silence 999");
        assertThat(object("POST", "/api/v1/silences/" + id + "/extend", "{}", 400).getString("detail"))
                .contains("'endsAt'");
    }

    @Test
    void maintenance_pairWindowInTheFuture_scheduledWithTwoSilences_extended_thenEndedBeforeItStarts() throws Exception {
        JsonObject w = object("POST", "/api/v1/maintenance", "{\"pair\":\"p\",\"startsAt\":\"2026-11-25T02:00:00Z\","
                + "\"duration\":\"3h\",\"comment\":\"CPI upgrade\"}", 201);
        assertThat(w.getString("state")).isEqualTo("scheduled");
        assertThat(w.getString("endsAt")).isEqualTo("2026-11-25T05:00:00Z");
        assertThat(w.getJsonArray("tenants").getList()).containsExactly("t1", "t2");
        assertThat(w.getString("createdBy")).isEqualTo("ops");
        List<LabelMatcher> pairMatchers = db.silences().get(w.getJsonArray("silenceIds").getLong(0)).orElseThrow()
                .matchers();
        List<LabelMatcher> tenantMatchers = db.silences().get(w.getJsonArray("silenceIds").getLong(1)).orElseThrow()
                .matchers();
        Instant during = Instant.parse("2026-11-25T03:00:00Z");
        assertThat(LabelMatcher.all(pairMatchers, Map.of("rule", "failover", "pair", "p"))).isTrue();
        assertThat(LabelMatcher.all(tenantMatchers, Map.of("rule", "tenant_down", "tenant", "t2"))).isTrue();
        assertThat(LabelMatcher.all(tenantMatchers, Map.of("rule", "tenant_down", "tenant", "t3"))).isFalse();
        assertThat(db.silences().current(NOW)).allSatisfy(s -> assertThat(s.state(during).name()).isEqualTo("ACTIVE"));
        assertThat(ids(array("/api/v1/maintenance"))).containsExactly(w.getLong("id"));
        assertThat(array("/api/v1/silences").stream().map(JsonObject.class::cast).map(s -> s.getString("state")))
                .containsExactly("pending", "pending");

        long id = w.getLong("id");
        assertThat(object("POST", "/api/v1/maintenance/" + id + "/extend", "{\"duration\":\"1h\"}", 200)
                .getString("endsAt")).isEqualTo("2026-11-25T06:00:00Z");
        assertThat(db.silences().current(NOW)).allSatisfy(s -> assertThat(s.endsAt())
                .isEqualTo(Instant.parse("2026-11-25T06:00:00Z")));

        object("DELETE", "/api/v1/maintenance/" + id, null, 200);
        assertThat(db.maintenance().get(id)).isEmpty();
        assertThat(db.silences().list(10)).isEmpty();
        assertThat(object("DELETE", "/api/v1/maintenance/" + id, null, 404).getString("detail"))
                .contains("no maintenance window");
    }

    @Test
    void maintenance_all_pagedNewestStartFirstWithCursorAndSinceFilter() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (String start : List.of("2026-11-25T01:00:00Z", "2026-11-26T01:00:00Z", "2026-11-27T01:00:00Z")) {
            ids.add(object("POST", "/api/v1/maintenance", "{\"tenant\":\"t1\",\"startsAt\":\"" + start
                    + "\",\"duration\":\"1h\"}", 201).getLong("id"));
        }
        HttpResponse<String> first = call("GET", "/api/v1/maintenance?all=true&limit=2", null, VIEWER);
        assertThat(ids(new JsonArray(first.body()))).containsExactly(ids.get(2), ids.get(1));
        String cursor = first.headers().firstValue("X-Next-Cursor").orElseThrow();
        assertThat(first.headers().firstValue("Link").orElseThrow()).contains("all=true").contains("before=" + cursor);

        HttpResponse<String> second = call("GET", "/api/v1/maintenance?all=true&limit=2&before=" + cursor, null, VIEWER);
        assertThat(ids(new JsonArray(second.body()))).containsExactly(ids.get(0));
        assertThat(second.headers().firstValue("X-Next-Cursor")).as("a short page is the last").isEmpty();
        assertThat(ids(array("/api/v1/maintenance?all=true&since=2026-11-26T00:00:00Z")))
                .containsExactly(ids.get(2), ids.get(1));

        HttpResponse<String> bad = call("GET", "/api/v1/maintenance?all=true&before=nonsense", null, VIEWER);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(new JsonObject(bad.body()).getString("detail")).contains("before");
    }

    @Test
    void maintenance_tenantWindowNow_activeThenEndedAndListedAsEnded() throws Exception {
        JsonObject w = object("POST", "/api/v1/maintenance", "{\"tenant\":\"t3\",\"startsAt\":\"2026-11-24T11:50:00Z\",\"duration\":\"45m\"}", 201);
        assertThat(w.getString("state")).isEqualTo("active");
        assertThat(w.getString("comment")).isEqualTo("maintenance of tenant t3");
        long id = w.getLong("id");

        object("DELETE", "/api/v1/maintenance/" + id, null, 200);
        assertThat(object("DELETE", "/api/v1/maintenance/" + id, null, 409).getString("detail"))
                .contains("already ended");
        assertThat(array("/api/v1/maintenance")).isEmpty();
        assertThat(array("/api/v1/maintenance?all=true").getJsonObject(0).getString("state")).isEqualTo("ended");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            neither tenant nor pair     | {"duration":"1h"}                              | one 'tenant' or one 'pair'
            both tenant and pair        | {"tenant":"t1","pair":"p","duration":"1h"}     | one 'tenant' or one 'pair'
            unknown tenant              | {"tenant":"t9","duration":"1h"}                | tenant must be a configured tenant id, got 't9'
            unknown pair                | {"pair":"q","duration":"1h"}                   | pair must be a configured pair id, got 'q'
            no end                      | {"tenant":"t1"}                                | 'endsAt'
            end before start            | {"tenant":"t1","startsAt":"2026-11-25T02:00:00Z","endsAt":"2026-11-25T01:00:00Z"} | endsAt must be after startsAt
            longer than 90 days         | {"tenant":"t1","startsAt":"2026-11-25T00:00:00Z","endsAt":"2027-06-01T00:00:00Z"} | at most 90d
            tenant a number             | {"tenant":1,"duration":"1h"}                   | tenant must be a string
            """)
    void maintenance_badBody_400NamingIt(String name, String body, String detail) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/maintenance", body, OPERATOR);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("detail")).contains(detail);
        assertThat(db.maintenance().list(10)).isEmpty();
    }

    @Test
    void channels_backlog_lastSuccessQueueBackoffAndDeadRowsWithTheirError() throws Exception {
        db.notifications().enqueue(List.of(
                new NewNotification(null, "hook", "a", "g1", "{}", NOW.minusSeconds(300)),
                new NewNotification(null, "hook", "b", "g2", "{}", NOW.minusSeconds(200)),
                new NewNotification(null, "hook", "c", "g3", "{}", NOW.minusSeconds(100))));
        List<Notification> rows = db.notifications().claimDue(NOW, 10, Duration.ofMinutes(1));
        db.notifications().markSent(rows.get(0).id(), NOW.minusSeconds(290), "ok");
        db.notifications().markRetry(rows.get(1).id(), NOW.plusSeconds(120), "HTTP 503 from the peer");
        db.notifications().markDead(rows.get(2).id(), NOW.minusSeconds(10), "HTTP 410: webhook removed");

        JsonObject hook = array("/api/v1/channels").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("name").equals("hook")).findFirst().orElseThrow();
        assertThat(hook.getLong("pending")).isEqualTo(1);
        assertThat(hook.getLong("retrying")).isEqualTo(1);
        assertThat(hook.getLong("dead")).isEqualTo(1);
        assertThat(hook.getString("lastSentAt")).isEqualTo(NOW.minusSeconds(290).toString());
        assertThat(hook.getString("nextRetryAt")).isEqualTo(NOW.plusSeconds(120).toString());
        assertThat(hook.getString("lastError")).as("the retrying row is the current trouble")
                .isEqualTo("HTTP 503 from the peer");
        JsonObject quiet = array("/api/v1/channels").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("name").equals("quiet")).findFirst().orElseThrow();
        assertThat(quiet.getLong("pending")).isZero();
        assertThat(quiet.getValue("lastSentAt")).isNull();

        JsonArray dead = array("/api/v1/notifications?state=dead&channel=hook");
        assertThat(dead).hasSize(1);
        assertThat(dead.getJsonObject(0).getString("lastError")).isEqualTo("HTTP 410: webhook removed");
        assertThat(array("/api/v1/notifications?state=dead&channel=quiet")).isEmpty();
    }
}
