package io.cpimon.api.routes;

import static io.cpimon.db.testing.MplRecords.mpl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiServer;
import io.cpimon.config.AzureMonitorLogsForwarderConfig;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.Credential;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.CredentialKind;
import io.cpimon.config.ForwarderConfig;
import io.cpimon.config.Secret;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import io.cpimon.db.testing.FreshDatabase;
import io.cpimon.forward.ForwarderSet;
import io.cpimon.forward.ForwarderStatus;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.peers.AzureMonitorPeer;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/forwarders} and {@code /forwarders/{name}/dead-letters} over real HTTP: a JSON array, whatever
 * the routes build it from; the dead letters of a real forwarder whose peer (the simulator's Azure Monitor Logs, on
 * loopback) refused a row, with the peer's answer.
 */
class ForwarderRoutesIT {
    static final String STREAM = "Custom-CpiMessageLog";
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @Test
    void forwarders_none_answersAnEmptyJsonArray() throws Exception {
        Vertx vertx = Vertx.vertx();
        ApiServer server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(List.of(), Clock.systemUTC()),
                List.of(new ForwarderRoutes(new ForwarderSet(List.of()))));
        try {
            server.start();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/forwarders")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(r.body()).isEqualTo("[]");
            HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/forwarders?limt=5")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(unknown.body()).contains("limt");
        } finally {
            server.close();
            vertx.close().await();
        }
    }

    @Test
    void deadLetters_ofARefusedRow_listedWithThePeersAnswer_unknownForwarder404_badLimit400() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Simulator sim = Simulator.start(SimClock.system())) {
            AzureMonitorPeer azure = sim.azureMonitor();
            azure.refuseRows(r -> "refused".equals(r.getString("MessageGuid")));
            ForwarderConfig law = new AzureMonitorLogsForwarderConfig("law", URI.create(azure.endpoint()),
                    azure.dcrImmutableId(), STREAM, new Credential(CredentialKind.CLIENT_SECRET, azure.tenantId(),
                            azure.clientId(), Secret.of(azure.clientSecret()), URI.create(azure.authorityHost())),
                    List.of(), List.of(), ForwarderConfig.DEFAULT_BATCH_BYTES, 0, ForwarderConfig.DEFAULT_MAX_LAG);
            List<MplRecord> rows = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                rows.add(mpl("t1", i == 7 ? "refused" : "ok" + i, "COMPLETED", T0.plusSeconds(i)));
            }
            db.get().mpls().upsertPage("t1", rows, new MplStore.CursorAdvance("mpl", T0, T0));
            try (ForwarderSet set = ForwarderSet.of(List.of(law), db.get().forwarding(),
                    azure.certificate().sslContext(), "it", Clock.systemUTC(), Duration.ofMillis(50))) {
                set.start();
                ApiServer server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(List.of(), Clock.systemUTC()),
                        List.of(new ForwarderRoutes(set)));
                try {
                    server.start();
                    String base = "http://127.0.0.1:" + server.port() + "/api/v1/forwarders";
                    await().atMost(Duration.ofSeconds(60)).until(() ->
                            new JsonArray(get(base).body()).getJsonObject(0).getLong("lagRows") == 0);
                    JsonObject status = new JsonArray(get(base).body()).getJsonObject(0);
                    assertThat(status.getLong("deadLetters")).isEqualTo(1);
                    assertThat(azure.rows(STREAM)).hasSize(19);

                    HttpResponse<String> dead = get(base + "/law/dead-letters?limit=10");
                    assertThat(dead.statusCode()).isEqualTo(200);
                    JsonArray letters = new JsonArray(dead.body());
                    assertThat(letters).hasSize(1);
                    JsonObject letter = letters.getJsonObject(0);
                    assertThat(letter.getString("tenant")).isEqualTo("t1");
                    assertThat(letter.getString("messageGuid")).isEqualTo("refused");
                    assertThat(letter.getString("status")).isEqualTo("COMPLETED");
                    assertThat(letter.getString("answer")).contains("HTTP 400").contains("InvalidRequestContent");
                    assertThat(new JsonObject(letter.getString("row")).getString("MessageGuid")).isEqualTo("refused");
                    assertThat(letter.getString("deadAt")).isNotNull();

                    HttpResponse<String> unknown = get(base + "/nope/dead-letters");
                    assertThat(unknown.statusCode()).isEqualTo(404);
                    assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
                    assertThat(unknown.body()).contains("no forwarder 'nope' is configured");
                    HttpResponse<String> badLimit = get(base + "/law/dead-letters?limit=0");
                    assertThat(badLimit.statusCode()).isEqualTo(400);
                    assertThat(new JsonObject(badLimit.body()).getString("parameter")).isEqualTo("limit");
                } finally {
                    server.close();
                }
            }
        } finally {
            vertx.close().await();
        }
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void view_showsTheGapOfAForwarderThatFellBehindTheRetention() {
        Instant at = Instant.parse("2026-05-01T10:00:00Z");
        ForwarderStatus s = new ForwarderStatus("law", "azure-monitor-logs", new ForwardPosition(7, 3), at, 0, 0, at,
                null, null, false, 10, 0, 0, 0, 42, at);

        assertThat(ForwarderRoutes.view(s)).containsEntry("gapRows", 42L)
                .containsEntry("lastGapAt", "2026-05-01T10:00:00Z");
    }
}
