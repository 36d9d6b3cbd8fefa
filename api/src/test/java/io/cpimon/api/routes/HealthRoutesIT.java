package io.cpimon.api.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiServer;
import io.cpimon.core.Lifecycle.Check;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /healthz} and {@code /readyz} over real HTTP, with component checks the test sets. */
class HealthRoutesIT {
    static final Map<String, Check> CHECKS = new LinkedHashMap<>();
    static Vertx vertx;
    static ApiServer server;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(List.of(), Clock.systemUTC()),
                List.of(new HealthRoutes(() -> Map.copyOf(CHECKS))));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close().await();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyz_oneComponentDown_503_withEachComponentsStateAndCheck() throws Exception {
        CHECKS.clear();
        CHECKS.put("database", new Check(true, "embedded"));
        CHECKS.put("ingest", Check.down("not started"));

        HttpResponse<String> r = get("/readyz");

        assertThat(r.statusCode()).isEqualTo(503);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("status")).isEqualTo("DOWN");
        assertThat(body.getJsonObject("components").getString("database")).isEqualTo("UP");
        assertThat(body.getJsonObject("components").getString("ingest")).isEqualTo("DOWN");
        assertThat(body.getJsonObject("checks").getJsonObject("ingest").getString("detail")).isEqualTo("not started");
        assertThat(body.getJsonObject("checks").getJsonObject("database").getBoolean("up")).isTrue();
    }

    @Test
    void readyz_everyComponentUp_200_andHealthzAlways200() throws Exception {
        CHECKS.clear();
        CHECKS.put("database", Check.UP);

        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(new JsonObject(get("/readyz").body()).getString("status")).isEqualTo("UP");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void apiServer_checkIsUpWhileListening() {
        assertThat(server.check().up()).isTrue();
        assertThat(server.name()).isEqualTo("api");
    }
}
