package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.CpimonConfig;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code server.externalUrl} is the link of every notification, here the Teams card's "Open in cpimon" button. */
class ExternalUrlIT {

    @Test
    void teamsCard_withExternalUrl_opensCpimonThere() throws Exception {
        try (RunningCpimon cpimon = new RunningCpimon(c -> new CpimonConfig(
                new CpimonConfig.ServerConfig(c.server().host(), c.server().port(), c.server().tokens(),
                        URI.create("https://cpimon.example.com/ops")),
                c.database(), c.retention(), c.tenants(), c.pairs(), c.rules(), c.channels(), c.routes()))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(cpimon.url("/api/v1/channels/ops-teams/test")))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            JsonObject card = cpimon.sim.teams().received().stream()
                    .filter(c -> Demo.title(c).startsWith("[FIRING] Test notification from cpimon")).findFirst()
                    .orElseThrow();
            assertThat(card.encode()).contains("\"url\":\"https://cpimon.example.com/ops/\"")
                    .doesNotContain("localhost");
        }
    }
}
