package io.cpimon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.alerting.actions.ActionCall;
import io.cpimon.alerting.actions.ActionService;
import io.cpimon.alerting.readiness.ReadinessService;
import io.cpimon.api.routes.ActionRoutes;
import io.cpimon.api.routes.ReadinessRoutes;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.Role;
import io.cpimon.config.CpimonConfig.TokenConfig;
import io.cpimon.config.Secret;
import io.cpimon.db.ContentRow;
import io.cpimon.db.ContentRow.Kind;
import io.cpimon.db.Database;
import io.cpimon.db.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A pair's DR readiness and failover actions through real HTTP and PostgreSQL: the score and its explained findings,
 * an acknowledgement with a reason, an operator's request that waits for approval, the decision recorded with who,
 * the dry run that sends nothing; bad input and wrong roles answered with problem+json naming what is wrong.
 */
class DrRoutesIT {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final String VIEWER = "viewer-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";
    static final String CANARY = "Bearer dr-LEAK-CANARY";
    static Vertx vertx;
    static Database db;
    static ApiServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        db = TestDatabase.fresh();
        StringBuilder tenants = new StringBuilder("tenants:\n");
        for (String t : List.of("t1", "t2", "t3", "t4")) {
            tenants.append("  - { id: ").append(t).append(", name: ").append(t).append(", api: { url: \"https://")
                    .append(t).append(".example.com/api/v1\", auth: { basic: { user: u, password: p } } },")
                    .append(" probe: { url: \"https://").append(t).append("-rt.example.com/http/health\" } }\n");
        }
        CpimonConfig config = new ConfigLoader(n -> null, AlertingCatalogue.CONFIG).parse(tenants + """
                pairs:
                  - { id: p, primary: t1, dr: t2, action: { mode: dry-run, approval: true,
                      failover: { method: PATCH, url: "http://127.0.0.1:9/front-door?sig=url-LEAK-CANARY",
                        headers: { Authorization: "%s" }, body: '{"pair":"{{pair}}","reason":"{{reason}}"}' } } }
                  - { id: q, primary: t3, dr: t4 }
                """.formatted(CANARY), "test.yaml");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        List<TokenConfig> tokens = List.of(new TokenConfig("dash", Role.VIEWER, Secret.of(VIEWER)),
                new TokenConfig("ops", Role.OPERATOR, Secret.of(OPERATOR)));
        ActionService actions = new ActionService(() -> config, db.actions(), db.alerts(), db.probes(), db.audit(),
                new ActionCall(WebClient.create(vertx)), clock);
        server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(tokens, clock), List.of(
                new ReadinessRoutes(new ReadinessService(config, db.ruleQueries(), clock)),
                new ActionRoutes(actions)));
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
        // t1 holds a credential and a partner parameter that t2 lacks; every kind was read on both
        for (String t : List.of("t1", "t2")) {
            for (Kind k : Kind.values()) {
                db.content().replace(t, k, List.of(), NOW);
            }
        }
        db.content().replace("t1", Kind.USER_CREDENTIAL, List.of(new ContentRow("t1", Kind.USER_CREDENTIAL,
                "SFTP_WMS", "", null, NOW, null, NOW)), NOW);
        db.content().replace("t1", Kind.STRING_PARAMETER, List.of(new ContentRow("t1", Kind.STRING_PARAMETER,
                "ReceiverAddress", "WMS_EU", null, NOW, null, NOW)), NOW);
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

    @Test
    void readiness_findingsExplained_ackWithReasonRecordsWhoAndRaisesTheScore() throws Exception {
        JsonObject r = object("GET", "/api/v1/pairs/p/readiness", null, 200);
        assertThat(r.getInteger("score")).isEqualTo(70);
        assertThat(r.getBoolean("ready")).isFalse();
        List<String> keys = r.getJsonArray("findings").stream().map(JsonObject.class::cast)
                .map(f -> f.getString("key")).toList();
        assertThat(keys).containsExactly("user_credential_missing:SFTP_WMS",
                "string_parameter_missing:ReceiverAddress@WMS_EU");
        assertThat(r.getJsonArray("findings").getJsonObject(0).getString("explanation"))
                .contains("SFTP_WMS").contains("t1").contains("t2");

        JsonObject acked = object("POST", "/api/v1/pairs/p/readiness/string_parameter_missing:ReceiverAddress@WMS_EU/ack",
                "{\"reason\": \"  the DR receiver is configured by the partner  \"}", 200);
        assertThat(acked.getJsonObject("ack").getString("ackedBy")).isEqualTo("ops");
        assertThat(acked.getJsonObject("ack").getString("reason")).isEqualTo("the DR receiver is configured by the partner");

        JsonObject after = object("GET", "/api/v1/pairs/p/readiness", null, 200);
        assertThat(after.getInteger("score")).isEqualTo(80);
        assertThat(after.getJsonArray("findings").getJsonObject(1).getJsonObject("ack").getString("ackedAt"))
                .isEqualTo(NOW.toString());
        assertThat(object("GET", "/api/v1/pairs/q/readiness", null, 200).getJsonArray("notCompared"))
                .as("a pair whose tenants were never read says so").isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unknown pair | GET | /api/v1/pairs/nope/readiness | `-` | 404 | no pair 'nope'
            unknown parameter | GET | /api/v1/pairs/p/readiness?all=1 | `-` | 400 | all
            ack without a reason | POST | /api/v1/pairs/p/readiness/user_credential_missing:SFTP_WMS/ack | `{}` | 400 | reason
            ack with a blank reason | POST | /api/v1/pairs/p/readiness/user_credential_missing:SFTP_WMS/ack | `{"reason":" "}` | 400 | reason
            ack of no finding | POST | /api/v1/pairs/p/readiness/user_credential_missing:OTHER/ack | `{"reason":"x"}` | 404 | 'user_credential_missing:OTHER'
            ack not JSON | POST | /api/v1/pairs/p/readiness/user_credential_missing:SFTP_WMS/ack | `reason` | 400 | JSON
            request without direction | POST | /api/v1/pairs/p/actions | `{"reason":"x"}` | 400 | direction
            request of a bad direction | POST | /api/v1/pairs/p/actions | `{"direction":"sideways","reason":"x"}` | 400 | 'sideways'
            request without reason | POST | /api/v1/pairs/p/actions | `{"direction":"failover"}` | 400 | reason
            request for no pair | POST | /api/v1/pairs/nope/actions | `{"direction":"failover","reason":"x"}` | 404 | no pair 'nope'
            request without action | POST | /api/v1/pairs/q/actions | `{"direction":"failover","reason":"x"}` | 409 | has no action configured
            failback not configured | POST | /api/v1/pairs/p/actions | `{"direction":"failback","reason":"x"}` | 409 | no failback call
            unknown action | GET | /api/v1/actions/987654 | `-` | 404 | no action 987654
            action id not a number | GET | /api/v1/actions/abc | `-` | 400 | id
            unknown state | GET | /api/v1/actions?state=bogus | `-` | 400 | state
            approve unknown action | POST | /api/v1/actions/987654/approve | `{}` | 404 | no action 987654
            """)
    void badInput_problemJsonNamingWhatIsWrong(String name, String method, String path, String body, int status,
                                               String detail) throws Exception {
        HttpResponse<String> r = call(method, path, "-".equals(body) ? null : body, OPERATOR);

        assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("detail")).as(name).contains(detail);
        assertThat(db.actions().inFlight()).as("bad input changes nothing").isEmpty();
    }

    @Test
    void actions_requestWaitsForApproval_secondRefused_approveRecordsWhoAndTheDryRunSendsNothing() throws Exception {
        JsonObject a = object("POST", "/api/v1/pairs/p/actions",
                "{\"direction\": \"failover\", \"reason\": \"DR drill \\\"Q4\\\"\"}", 201);
        long id = a.getLong("id");
        assertThat(a.getString("state")).isEqualTo("awaiting_approval");
        assertThat(a.getString("requestedBy")).isEqualTo("ops");
        assertThat(a.getString("from") + ">" + a.getString("to")).isEqualTo("t1>t2");

        assertThat(object("POST", "/api/v1/pairs/p/actions", "{\"direction\": \"failover\", \"reason\": \"again\"}", 409)
                .getString("detail")).contains("already has an action in flight");
        assertThat(call("POST", "/api/v1/actions/" + id + "/approve", "{}", VIEWER).statusCode())
                .as("a viewer cannot approve").isEqualTo(403);
        assertThat(call("POST", "/api/v1/pairs/p/readiness/user_credential_missing:SFTP_WMS/ack", "{\"reason\":\"x\"}",
                VIEWER).statusCode()).as("a viewer cannot acknowledge").isEqualTo(403);

        JsonObject done = object("POST", "/api/v1/actions/" + id + "/approve", "{\"note\": \"primary confirmed down\"}",
                200);
        assertThat(done.getString("state")).isEqualTo("dry_run");
        assertThat(done.getString("decidedBy")).isEqualTo("ops");
        assertThat(done.getString("decidedAt")).isEqualTo(NOW.toString());
        JsonObject request = done.getJsonObject("request");
        assertThat(request.getString("method")).isEqualTo("PATCH");
        assertThat(request.getString("target")).isEqualTo("http://127.0.0.1:9/front-door");
        assertThat(request.getString("headers")).isEqualTo("Authorization");
        assertThat(new JsonObject(request.getString("body")).getString("reason")).isEqualTo("DR drill \"Q4\"");
        assertThat(done.getJsonArray("steps").stream().map(JsonObject.class::cast).map(s -> s.getString("step")))
                .containsExactly("requested", "approved", "attempt", "dry_run");
        assertThat(object("POST", "/api/v1/actions/" + id + "/reject", "{}", 409).getString("detail"))
                .contains("not awaiting_approval");

        HttpResponse<String> list = call("GET", "/api/v1/actions?pair=p&state=dry_run", null, VIEWER);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonArray items = new JsonArray(list.body());
        assertThat(items).hasSize(1);
        assertThat(items.getJsonObject(0).getLong("id")).isEqualTo(id);
        assertThat(items.getJsonObject(0).getValue("steps")).as("lists carry no steps").isNull();
        String detail = call("GET", "/api/v1/actions/" + id, null, VIEWER).body();
        assertThat(list.body() + detail).doesNotContain("LEAK-CANARY");
        assertThat(call("GET", "/api/v1/actions?pair=q", null, VIEWER).body()).isEqualTo("[]");
    }
}
