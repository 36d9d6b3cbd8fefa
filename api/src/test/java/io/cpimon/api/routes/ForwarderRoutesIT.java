package io.cpimon.api.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiServer;
import io.cpimon.db.ForwardPosition;
import io.cpimon.forward.ForwarderSet;
import io.cpimon.forward.ForwarderStatus;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/forwarders} over real HTTP: a JSON array, whatever the routes build it from. */
class ForwarderRoutesIT {

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
        } finally {
            server.close();
            vertx.close().await();
        }
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
