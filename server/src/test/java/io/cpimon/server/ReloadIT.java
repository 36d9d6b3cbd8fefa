package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.api.routes.ReloadRoutes.ReloadStatus;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading a running cpimon from its file, through {@code POST /api/v1/reload} and through the method SIGHUP calls:
 * an added tenant gets polled and probed, a removed one stops being polled and probed, a broken file is a 400 listing
 * its errors while the running configuration keeps working, and no answer shows a secret.
 */
class ReloadIT {
    static final String MPLS = "/api/v1/MessageProcessingLogs";
    static final String ADMIN = "reload-admin-token-3391";
    static final String OPERATOR = "reload-operator-token-5510";
    final HttpClient http = HttpClient.newHttpClient();

    static String yaml(List<SimulatedTenant> tenants) {
        StringBuilder y = new StringBuilder("""
                server:
                  host: 127.0.0.1
                  port: 0
                  tokens:
                    - { name: root, role: admin, token: "${env:ADMIN_TOKEN}" }
                    - { name: ops, role: operator, token: "${env:OPERATOR_TOKEN}" }
                rules: { evaluationInterval: 1s }
                tenants:
                """);
        for (SimulatedTenant t : tenants) {
            String var = t.id().toUpperCase().replace('-', '_') + "_PASSWORD";
            y.append("  - id: ").append(t.id()).append('\n')
                    .append("    api:\n      url: ").append(t.apiUrl()).append('\n')
                    .append("      auth: { basic: { user: ").append(t.basicUser()).append(", password: \"${env:")
                    .append(var).append("}\" } }\n")
                    .append("    probe: { url: ").append(t.runtimeUrl())
                    .append(", method: HEAD, interval: 500ms, timeout: 1s, upStatus: [200, 401] }\n")
                    .append("    poll: { interval: 250ms, overlap: 2m, initialLookback: 20m }\n");
        }
        return y.toString();
    }

    HttpResponse<String> call(CpimonServer server, String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void reload_addsAndRemovesTenants_rejectsABrokenFile_oldConfigKeepsRunning(@TempDir Path dir) throws Exception {
        try (Simulator sim = Simulator.start(SimClock.system())) {
            SimulatedTenant a = sim.addTenant(TenantSpec.of("rel-a"));
            SimulatedTenant b = sim.addTenant(TenantSpec.of("rel-b"));
            Instant now = sim.clock().instant();
            a.generate(now.minus(Duration.ofMinutes(5)), now);
            b.generate(now.minus(Duration.ofMinutes(5)), now);
            Map<String, String> env = new HashMap<>(Map.of("ADMIN_TOKEN", ADMIN, "OPERATOR_TOKEN", OPERATOR));
            for (SimulatedTenant t : List.of(a, b)) {
                env.put(t.id().toUpperCase().replace('-', '_') + "_PASSWORD", t.basicPassword());
            }
            ConfigLoader loader = new ConfigLoader(env::get, AlertingCatalogue.CONFIG);
            Path file = dir.resolve("cpimon.yaml");
            Files.writeString(file, yaml(List.of(a)));
            CpimonConfig config = loader.load(file);
            try (CpimonServer server = CpimonServer.start(config, TestDatabase.fresh(), Clock.systemUTC())) {
                server.reloadFrom(file, loader);
                await().atMost(Duration.ofSeconds(30)).until(() -> a.requestCount(MPLS) > 0);
                assertThat(b.requestCount(MPLS)).isZero();
                assertThat(new JsonObject(call(server, "GET", "/api/v1/reload", ADMIN).body())
                        .getString("outcome")).isEqualTo("none");

                // an added tenant, through the API: polled, probed, known to the API
                Files.writeString(file, yaml(List.of(a, b)));
                assertThat(call(server, "POST", "/api/v1/reload", OPERATOR).statusCode()).isEqualTo(403);
                HttpResponse<String> added = call(server, "POST", "/api/v1/reload", ADMIN);
                assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
                JsonObject status = new JsonObject(added.body());
                assertThat(status.getString("outcome")).isEqualTo("applied");
                assertThat(status.getJsonArray("changes").getList()).contains("tenant rel-b added");
                assertThat(status.getString("trigger")).isEqualTo("api root");
                String runtime = URI.create(b.runtimeUrl()).getPath();
                await().atMost(Duration.ofSeconds(30)).until(() -> b.requestCount(MPLS) > 0
                        && b.requestCount(runtime) > 0);
                await().atMost(Duration.ofSeconds(30)).until(() -> tenantIds(server).contains("rel-b"));
                assertThat(call(server, "GET", "/api/v1/messages?tenant=rel-b", ADMIN).statusCode()).isEqualTo(200);

                // a removed tenant, through the method SIGHUP runs: its poller stops, the other one goes on
                Files.writeString(file, yaml(List.of(b)));
                ReloadStatus removed = server.reload("SIGHUP");
                assertThat(removed.outcome()).isEqualTo("applied");
                assertThat(removed.changes()).contains("tenant rel-a removed");
                String aRuntime = URI.create(a.runtimeUrl()).getPath();
                AtomicInteger seen = new AtomicInteger(-1);
                AtomicInteger seenProbes = new AtomicInteger(-1);
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(1500))
                        .until(() -> {
                            boolean pollsStopped = seen.getAndSet(a.requestCount(MPLS)) == a.requestCount(MPLS);
                            boolean probesStopped = seenProbes.getAndSet(a.requestCount(aRuntime))
                                    == a.requestCount(aRuntime);
                            return pollsStopped && probesStopped;
                        });
                int bPolls = b.requestCount(MPLS);
                int bProbes = b.requestCount(runtime);
                await().atMost(Duration.ofSeconds(10)).until(() -> b.requestCount(MPLS) > bPolls
                        && b.requestCount(runtime) > bProbes);
                assertThat(a.requestCount(MPLS)).as("rel-a is no longer polled").isEqualTo(seen.get());
                assertThat(a.requestCount(aRuntime)).as("rel-a is no longer probed").isEqualTo(seenProbes.get());
                assertThat(tenantIds(server)).containsExactly("rel-b");
                assertThat(call(server, "GET", "/api/v1/messages?tenant=rel-a", ADMIN).statusCode()).isEqualTo(400);

                // a broken file: 400 with its errors, the running configuration stays and keeps polling
                Files.writeString(file, yaml(List.of(b)).replace("interval: 250ms", "interval: soon")
                        + "nonsense: true\n");
                HttpResponse<String> broken = call(server, "POST", "/api/v1/reload", ADMIN);
                assertThat(broken.statusCode()).isEqualTo(400);
                assertThat(broken.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                JsonObject problem = new JsonObject(broken.body());
                assertThat(problem.getString("detail")).contains("the running configuration stays");
                JsonArray errors = problem.getJsonArray("errors");
                assertThat(errors.size()).isGreaterThanOrEqualTo(2);
                assertThat(errors.encode()).contains("cpimon.yaml", "interval", "nonsense");
                JsonObject last = new JsonObject(call(server, "GET", "/api/v1/reload", ADMIN).body());
                assertThat(last.getString("outcome")).isEqualTo("rejected");
                assertThat(last.getJsonArray("errors")).isEqualTo(errors);
                int before = b.requestCount(MPLS);
                await().atMost(Duration.ofSeconds(10)).until(() -> b.requestCount(MPLS) > before);
                assertThat(tenantIds(server)).containsExactly("rel-b");

                String answers = added.body() + broken.body() + last.encode();
                assertThat(answers).doesNotContain(ADMIN, OPERATOR, a.basicPassword(), b.basicPassword());
                await().atMost(Duration.ofSeconds(10)).until(() -> new JsonArray(call(server, "GET",
                        "/api/v1/audit?action=reload", ADMIN).body()).stream()
                        .map(e -> ((JsonObject) e).getInteger("status")).toList(), List.of(400, 200, 403)::equals);
            }
        }
    }

    List<String> tenantIds(CpimonServer server) throws Exception {
        return new JsonArray(call(server, "GET", "/api/v1/tenants", ADMIN).body()).stream()
                .map(t -> ((JsonObject) t).getString("id")).sorted().toList();
    }
}
