package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessMetersTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "the endpoint after the shared handlers | /api/>/api/v1/>/api/v1/alerts/:id | /api/v1/alerts/:id",
        "one route                              | /healthz                          | /healthz",
        "none matched                           | ''                                | ''",
    })
    void route_isTheLastRouteThatHandledTheRequest(String name, String reported, String label) {
        assertThat(ProcessMeters.route(reported)).isEqualTo(label);
    }

    @Test
    void scrape_httpRequestsLabelledByTheEndpointsPattern() throws Exception {
        try (ProcessMeters meters = new ProcessMeters()) {
            Vertx vertx = meters.vertx();
            try {
                Router router = Router.router(vertx);
                router.route("/api/*").handler(RoutingContext::next);
                router.route("/api/v1/*").handler(RoutingContext::next);
                router.get("/api/v1/alerts/:id").handler(ctx -> ctx.response().end("{}"));
                HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.actualPort() + "/api/v1/alerts/42")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(meters.registry().scrape())
                        .contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\","
                                + "route=\"/api/v1/alerts/:id\"} 1"));
                assertThat(meters.registry().scrape().lines().filter(l -> l.startsWith("vertx_http_server")))
                        .isNotEmpty().noneMatch(l -> l.contains(">") || l.contains("/api/v1/alerts/42"));
            } finally {
                vertx.close().await();
            }
        }
    }
}
