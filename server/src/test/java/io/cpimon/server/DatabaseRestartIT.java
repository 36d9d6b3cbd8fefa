package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.db.Database;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.MplRecord;
import io.cpimon.db.testing.StoppablePostgres;
import io.cpimon.forward.row.MplRowSchema;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under a running cpimon (three tenants with live traffic, a tenant outage firing) and comes
 * back on its own: {@code /readyz} answers 503 with the database DOWN for as long as it is away, cpimon recovers
 * without help, every message the tenants served is stored once, the outage is notified exactly once as firing
 * and once as resolved, the resolution decided only after the database returned, and the forwarder resumes where its
 * cursor stood: every stored state reaches the Azure Monitor Logs peer.
 */
class DatabaseRestartIT {
    /** Long enough to outlast every retry of the pool; {@code -Dcpimon.test.outageSeconds=60} for the operator's case. */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("cpimon.test.outageSeconds", 6));
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void postgresStopsAndStartsAgain_readyzReportsIt_cpimonRecoversWithoutGapOrDoubleNotification() throws Exception {
        try (StoppablePostgres pg = StoppablePostgres.start(); Simulator sim = Simulator.start(SimClock.system())) {
            List<SimulatedTenant> tenants = List.of(sim.addTenant(TenantSpec.of(Demo.PRIMARY)),
                    sim.addTenant(TenantSpec.of(Demo.DR)), sim.addTenant(TenantSpec.of(Demo.THIRD)));
            Instant now = sim.clock().instant();
            tenants.forEach(t -> t.generate(now.minus(Duration.ofMinutes(10)), now));
            sim.startLiveTraffic(Duration.ofMillis(500));
            var config = Demo.config(sim, 0, "unused", RunningCpimon.FAST);
            Database db = Database.open(pg.jdbcUrl(), pg.user(), null, 6);
            try (CpimonServer server = CpimonServer.start(config.withRules(config.rules().only("tenant_down")), db,
                    Clock.systemUTC(), sim.azureMonitor().certificate().sslContext())) {
                String base = "http://127.0.0.1:" + server.port();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> readyz(base).statusCode() == 200);

                sim.tenant(Demo.PRIMARY).down();
                await().atMost(Duration.ofSeconds(60)).until(() -> !cards(sim).isEmpty());

                pg.stop();
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> databaseDown(readyz(base)));
                sim.tenant(Demo.PRIMARY).up();
                await().during(OUTAGE).atMost(OUTAGE.plusSeconds(15)).until(() -> databaseDown(readyz(base)));
                assertThat(cards(sim)).as("nothing can resolve while the database is away").hasSize(1);

                pg.startAgain();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> readyz(base).statusCode() == 200);
                await().atMost(Duration.ofSeconds(60)).until(() -> cards(sim).size() >= 2);
                sim.stopLiveTraffic();
                for (SimulatedTenant t : tenants) {
                    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                            assertThat(statuses(db.mpls().allOf(t.id()))).as(t.id() + ": every message, once, final")
                                    .isEqualTo(truth(t.groundTruth())));
                }
                Set<String> stored = new HashSet<>();
                db.forwarding().changesAfter(ForwardPosition.START, 1_000_000).forEach(c -> stored.add(MplRowSchema
                        .recordId(c.mpl().tenantId(), c.mpl().messageGuid(), c.mpl().status(), c.mpl().logEnd())));
                await().atMost(Duration.ofSeconds(90)).until(() -> forwarded(sim).containsAll(stored));
                JsonObject law = new JsonArray(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/forwarders"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body()).getJsonObject(0);
                assertThat(law.getString("stopped")).as("a database outage does not stop the forwarder").isNull();
                List<String> cards = cards(sim);
                assertThat(cards).hasSize(2);
                assertThat(cards.get(0)).startsWith("[FIRING]");
                assertThat(cards.get(1)).startsWith("[RESOLVED]");
            }
        }
    }

    private HttpResponse<String> readyz(String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean databaseDown(HttpResponse<String> readyz) {
        return readyz.statusCode() == 503
                && "DOWN".equals(new JsonObject(readyz.body()).getJsonObject("components").getString("database"));
    }

    /** The RecordIds the demo's forwarder delivered to the Azure Monitor Logs peer. */
    private static Set<String> forwarded(Simulator sim) {
        Set<String> ids = new HashSet<>();
        sim.azureMonitor().rows(Demo.LAW_STREAM).forEach(r -> ids.add(r.getString("RecordId")));
        return ids;
    }

    /** The Teams cards about the primary's outage. */
    private static List<String> cards(Simulator sim) {
        return sim.teams().received().stream().map(Demo::title).filter(t -> t.contains("(" + Demo.PRIMARY + ") is down"))
                .toList();
    }

    private static Map<String, String> statuses(List<MplRecord> rows) {
        Map<String, String> out = new TreeMap<>();
        for (MplRecord r : rows) {
            assertThat(out.put(r.messageGuid(), r.status())).as("stored twice: " + r.messageGuid()).isNull();
        }
        return out;
    }

    private static Map<String, String> truth(List<MplTruth> truth) {
        return truth.stream().collect(Collectors.toMap(MplTruth::messageGuid, MplTruth::status, (a, b) -> b, TreeMap::new));
    }
}
