package io.cpimon.server;

import static org.awaitility.Awaitility.await;

import io.cpimon.config.CpimonConfig;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The demo's landscape (three simulated tenants, the Teams and Azure Monitor Logs peers) watched by a real cpimon,
 * with fast timings.
 */
final class RunningCpimon implements AutoCloseable {
    static final Demo.Timings FAST = new Demo.Timings(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(250));

    final Simulator sim;
    final CpimonServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    RunningCpimon() throws Exception {
        this(c -> c);
    }

    /** @param customize changes the demo configuration before cpimon starts (e.g. adds API tokens) */
    RunningCpimon(UnaryOperator<CpimonConfig> customize) throws Exception {
        sim = Simulator.start(SimClock.system());
        List<SimulatedTenant> tenants = List.of(sim.addTenant(TenantSpec.of(Demo.PRIMARY)), sim.addTenant(TenantSpec.of(Demo.DR)),
                sim.addTenant(TenantSpec.of(Demo.THIRD)));
        Instant now = sim.clock().instant();
        tenants.forEach(t -> t.generate(now.minus(Duration.ofMinutes(10)), now));
        server = CpimonServer.start(customize.apply(Demo.config(sim, 0, "unused", FAST)), TestDatabase.fresh(),
                Clock.systemUTC(), sim.azureMonitor().certificate().sslContext());
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/readyz").statusCode() == 200);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonArray getArray(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return new JsonArray(r.body());
    }

    JsonObject tenant(String id) throws IOException, InterruptedException {
        return getArray("/api/v1/tenants").stream().map(JsonObject.class::cast)
                .filter(t -> id.equals(t.getString("id"))).findFirst().orElseThrow();
    }

    /** The title TextBlock of every Teams card received so far. */
    List<String> teamsTitles() {
        return sim.teams().received().stream().map(Demo::title).toList();
    }

    @Override
    public void close() {
        server.close();
        sim.close();
    }
}
