package io.cpimon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.alerting.pairs.PairStatusService;
import io.cpimon.api.routes.AlertRoutes;
import io.cpimon.api.routes.PairRoutes;
import io.cpimon.api.routes.RuleRoutes;
import io.cpimon.api.routes.SilenceRoutes;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.Database;
import io.cpimon.db.NewAlert;
import io.cpimon.db.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AlertRoutes through real HTTP: alert filters and flags, acks, silences, rules, pairs, and their problems. */
class AlertRoutesIT {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
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
                pairs: [ { id: p, primary: t1, dr: t2 } ]
                rules: { success_rate_drop: { threshold: 0.1, overrides: [ { tenant: t1, iflow: Orders, threshold: 0.5 } ] } }
                """, "test.yaml");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(List.of(), clock), List.of(
                new AlertRoutes(db.alerts(), db.notifications(), db.silences(), clock), new SilenceRoutes(db.silences(), clock), new RuleRoutes(config),
                new PairRoutes(new PairStatusService(db.alerts(), config.pairs()))));
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

    static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonArray array(String path) throws Exception {
        HttpResponse<String> r = call("GET", path, null);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return new JsonArray(r.body());
    }

    static Alert open(String rule, Map<String, String> labels, AlertState state, Instant at) {
        return db.alerts().open(new NewAlert(rule + labels, rule, labels, Map.of("summary", rule), state, at), List.of());
    }

    @Test
    void alerts_filtersByStateRuleTenantPair_andShowsFlagsAndHistory() throws Exception {
        Alert down = open("tenant_down", Map.of("rule", "tenant_down", "tenant", "t1", "pair", "p"), AlertState.FIRING, NOW.minusSeconds(60));
        Alert failed = open("failed_messages", Map.of("rule", "failed_messages", "tenant", "t1", "iflow", "A"), AlertState.FIRING, NOW);
        Alert failover = open("failover", Map.of("rule", "failover", "pair", "p"), AlertState.FIRING, NOW);
        Alert other = open("cert_expiry", Map.of("rule", "cert_expiry", "tenant", "t2", "alias", "x"), AlertState.PENDING, NOW);
        db.alerts().transition(other.id(), AlertState.RESOLVED, NOW.plusSeconds(1), List.of());
        db.alerts().flag(failed.id(), null, "tenant_down " + down.fingerprint());

        assertThat(array("/api/v1/alerts").size()).isEqualTo(4);
        assertThat(ids(array("/api/v1/alerts?state=firing"))).containsExactlyInAnyOrder(down.id(), failed.id(), failover.id());
        assertThat(ids(array("/api/v1/alerts?state=resolved"))).containsExactly(other.id());
        assertThat(ids(array("/api/v1/alerts?rule=tenant_down"))).containsExactly(down.id());
        assertThat(ids(array("/api/v1/alerts?tenant=t1"))).containsExactlyInAnyOrder(down.id(), failed.id());
        assertThat(ids(array("/api/v1/alerts?pair=p"))).containsExactlyInAnyOrder(down.id(), failover.id());
        assertThat(ids(array("/api/v1/alerts?limit=1"))).hasSize(1);
        assertThat(ids(array("/api/v1/alerts?until=" + NOW))).containsExactly(down.id());

        JsonObject f = array("/api/v1/alerts?rule=failed_messages").getJsonObject(0);
        assertThat(f.getString("inhibitedBy")).isEqualTo("tenant_down " + down.fingerprint());
        assertThat(f.getValue("history")).isNull();
        JsonObject r = array("/api/v1/alerts?rule=cert_expiry&history=true").getJsonObject(0);
        assertThat(r.getJsonArray("history").stream().map(JsonObject.class::cast).map(e -> e.getString("toState")))
                .containsExactly("PENDING", "RESOLVED");
    }

    @Test
    void alerts_fullPage_carriesCursor_nextPagesFollowWithoutGapsOrRepeats() throws Exception {
        List<Long> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // two pairs share an activeAt: the cursor orders them by id
            opened.add(open("tenant_down", Map.of("rule", "tenant_down", "tenant", "t" + i), AlertState.FIRING,
                    NOW.minusSeconds(60 - 20 * (i / 2))).id());
        }
        List<Long> seen = new ArrayList<>();
        String path = "/api/v1/alerts?state=firing&limit=2";
        int pages = 0;
        while (path != null) {
            HttpResponse<String> r = call("GET", path, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            seen.addAll(ids(new JsonArray(r.body())));
            pages++;
            path = r.headers().firstValue("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
            if (path != null) {
                assertThat(path).contains("state=firing", "limit=2",
                        "before=" + r.headers().firstValue("X-Next-Cursor").orElseThrow());
            }
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(opened.reversed());
        assertThat(ids(array("/api/v1/alerts?before=" + NOW.minusSeconds(40))))
                .as("an instant: the alerts that became active before it").containsExactly(opened.get(1), opened.get(0));
        HttpResponse<String> bad = call("GET", "/api/v1/alerts?before=garbage", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("parameter")).isEqualTo("before");
    }

    @Test
    void ack_openAlert_recordsWhoWhenComment_resolvedAlertIs409() throws Exception {
        Alert a = open("tenant_down", Map.of("rule", "tenant_down", "tenant", "t1"), AlertState.FIRING, NOW);
        HttpResponse<String> ok = call("POST", "/api/v1/alerts/" + a.id() + "/ack", "{\"by\":\"alice\",\"comment\":\"on it\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonObject acked = new JsonObject(ok.body());
        assertThat(acked.getString("ackedBy")).isEqualTo("alice");
        assertThat(acked.getString("ackComment")).isEqualTo("on it");
        assertThat(Instant.parse(acked.getString("ackedAt"))).isEqualTo(NOW);

        db.alerts().transition(a.id(), AlertState.RESOLVED, NOW.plusSeconds(5), List.of());
        assertThat(db.alerts().get(a.id()).orElseThrow().ackedBy()).as("the ack clears on resolve").isNull();
        HttpResponse<String> late = call("POST", "/api/v1/alerts/" + a.id() + "/ack", "{\"by\":\"alice\"}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(call("POST", "/api/v1/alerts/999999/ack", "{\"by\":\"alice\"}").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            pending alert                  | PENDING  | {"by":"alice","comment":"looking"} | 200 | alice
            firing alert                   | FIRING   | {"by":"bob"}                       | 200 | bob
            no 'by': the caller            | FIRING   | {}                                 | 200 | anonymous
            blank 'by'                     | FIRING   | {"by":" "}                         | 400 | -
            resolved alert                 | RESOLVED | {"by":"alice"}                     | 409 | -
            not JSON                       | FIRING   | nope                               | 400 | -
            """)
    void ack_row_expectedStatusAndAcker(String name, String state, String body, int status, String ackedBy) throws Exception {
        Alert a = open("tenant_down", Map.of("rule", "tenant_down", "tenant", "t1"),
                state.equals("PENDING") ? AlertState.PENDING : AlertState.FIRING, NOW);
        if (state.equals("RESOLVED")) {
            db.alerts().transition(a.id(), AlertState.RESOLVED, NOW, List.of());
        }
        HttpResponse<String> r = call("POST", "/api/v1/alerts/" + a.id() + "/ack", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (status == 200) {
            assertThat(new JsonObject(r.body()).getString("ackedBy")).isEqualTo(ackedBy);
            assertThat(db.alerts().get(a.id()).orElseThrow().ackedAt()).isEqualTo(NOW);
        } else {
            assertThat(db.alerts().get(a.id()).orElseThrow().ackedBy()).as("nothing stored").isNull();
        }
    }

    @Test
    void silences_createListExpire() throws Exception {
        HttpResponse<String> created = call("POST", "/api/v1/silences", """
                {"matchers":["tenant=\\"t1\\"", {"name":"rule","value":"failed_.*","isRegex":true,"isEqual":true}],
                 "startsAt":"2026-11-24T11:00:00Z","endsAt":"2026-11-24T14:00:00Z","createdBy":"bob","comment":"maintenance"}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject s = new JsonObject(created.body());
        assertThat(s.getJsonArray("matchers").getList()).containsExactly("tenant=\"t1\"", "rule=~\"failed_.*\"");
        assertThat(s.getString("state")).isEqualTo("active");
        assertThat(s.getString("startsAt")).isEqualTo("2026-11-24T11:00:00Z");
        long id = s.getLong("id");

        assertThat(array("/api/v1/silences").size()).isEqualTo(1);
        assertThat(call("DELETE", "/api/v1/silences/" + id, null).statusCode()).isEqualTo(200);
        assertThat(array("/api/v1/silences").size()).as("expired ones are not current").isZero();
        assertThat(array("/api/v1/silences?all=true").getJsonObject(0).getString("state")).isEqualTo("expired");
        assertThat(call("DELETE", "/api/v1/silences/" + id, null).statusCode()).isEqualTo(409);
        assertThat(call("DELETE", "/api/v1/silences/424242", null).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no matchers      | {"matchers":[],"endsAt":"2026-11-24T14:00:00Z","createdBy":"bob"}                      | matchers
            bad operator     | {"matchers":["tenant~~t1"],"endsAt":"2026-11-24T14:00:00Z","createdBy":"bob"}          | invalid matcher
            bad regex        | {"matchers":["tenant=~\\"(\\""],"endsAt":"2026-11-24T14:00:00Z","createdBy":"bob"}     | invalid regular expression
            no end           | {"matchers":["tenant=t1"],"createdBy":"bob"}                                           | endsAt
            end before start | {"matchers":["tenant=t1"],"startsAt":"2026-11-24T15:00:00Z","endsAt":"2026-11-24T14:00:00Z","createdBy":"bob"} | after startsAt
            end in the past  | {"matchers":["tenant=t1"],"startsAt":"2026-11-24T10:00:00Z","endsAt":"2026-11-24T11:00:00Z","createdBy":"bob"} | future
            bad time         | {"matchers":["tenant=t1"],"endsAt":"tomorrow","createdBy":"bob"}                       | ISO-8601
            """)
    void silences_invalidBody_400WithDetail(String name, String body, String detail) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/silences", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("detail")).contains(detail);
    }

    @Test
    void rules_showEffectiveParametersOverridesAndInhibition() throws Exception {
        JsonObject rules = new JsonObject(call("GET", "/api/v1/rules", null).body());
        assertThat(rules.getString("evaluationInterval")).isEqualTo("15s");
        JsonObject sr = rules.getJsonArray("rules").stream().map(JsonObject.class::cast)
                .filter(r -> r.getString("name").equals("success_rate_drop")).findFirst().orElseThrow();
        assertThat(sr.getDouble("threshold")).isEqualTo(0.1);
        assertThat(sr.getString("window")).isEqualTo("15m");
        assertThat(sr.getBoolean("enabled")).isTrue();
        assertThat(sr.getJsonArray("overrides").getJsonObject(0).getDouble("threshold")).isEqualTo(0.5);
        assertThat(rules.getJsonArray("rules").size()).isEqualTo(20);
        assertThat(rules.getJsonArray("inhibit").getJsonObject(0).getJsonArray("equal").getList()).containsExactly("tenant");
    }

    @Test
    void pairs_activeTenantFollowsFailover_withHistoryDriftAndDuplicates() throws Exception {
        JsonObject before = array("/api/v1/pairs").getJsonObject(0);
        assertThat(before.getString("activeTenant")).isEqualTo("t1");
        assertThat(before.getBoolean("failedOver")).isFalse();

        open("failover", Map.of("rule", "failover", "pair", "p"), AlertState.FIRING, NOW);
        open("dr_drift", Map.of("rule", "dr_drift", "pair", "p", "artifact", "Orders"), AlertState.FIRING, NOW);
        db.alerts().open(new NewAlert("dup", "duplicate_processing", Map.of("rule", "duplicate_processing", "pair", "p", "iflow", "A"),
                Map.of("count", "3"), AlertState.FIRING, NOW), List.of());
        JsonObject after = array("/api/v1/pairs").getJsonObject(0);
        assertThat(after.getString("activeTenant")).isEqualTo("t2");
        assertThat(after.getJsonArray("failoverHistory").size()).isEqualTo(1);
        assertThat(after.getJsonArray("drift").getJsonObject(0).getString("artifact")).isEqualTo("Orders");
        assertThat(after.getLong("duplicates")).isEqualTo(3);
    }

    static List<Long> ids(JsonArray a) {
        return a.stream().map(JsonObject.class::cast).map(o -> o.getLong("id")).toList();
    }
}
