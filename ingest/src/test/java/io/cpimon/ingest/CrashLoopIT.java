package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.db.Database;
import io.cpimon.db.MplRecord;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.ingest.testing.SimulatedLandscape;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.Realism;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The crash invariant in {@code mvn verify} (the long version is {@code ./cpimon bench crash}): ingest runs in
 * a child JVM ({@link CrashChild}) against a simulated tenant with live traffic, is SIGKILLed three times
 * while it writes and restarted; after the traffic stops, the last run brings the database to the ground
 * truth: nothing lost, nothing twice, nothing stale.
 */
class CrashLoopIT {

    @RegisterExtension
    final SimulatedLandscape landscape = SimulatedLandscape.onWallClock();

    @Test
    void ingest_sigkilledThreeTimesWhileWriting_databaseEqualsGroundTruth() throws Exception {
        Simulator sim = landscape.sim();
        Database db = landscape.db();
        String url = landscape.jdbcUrl();
        List<SimulatedTenant> tenants = new ArrayList<>();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                CrashChild.class.getName(), url, TestDatabase.user()));
        Instant now = Instant.now();
        for (int i = 0; i < 1; i++) {
            SimulatedTenant t = sim.addTenant(TenantSpec.of("crash-it-" + i).withIflows(TenantSpec.manyIflows(3, 120, 0.05)));
            t.realism(new Realism(0.01, 0.01, 0.05, 0)).pageCap(50);
            t.generate(now.minus(Duration.ofMinutes(2)), now);
            tenants.add(t);
            command.addAll(List.of(t.id(), t.apiUrl(), t.tokenUrl(), t.clientId(), t.clientSecret(), t.runtimeUrl()));
        }
        sim.startLiveTraffic(Duration.ofMillis(200));
        File log = Path.of("target", "crash-loop-child.log").toFile();
        for (int k = 0; k < 3; k++) {
            long before = rows(db, tenants);
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            try {
                // kill while it writes: as soon as it has committed something new
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> rows(db, tenants) > before);
            } finally {
                child.destroyForcibly(); // SIGKILL
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
        Process last = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> rows(db, tenants) > 0);
            sim.stopLiveTraffic();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (SimulatedTenant t : tenants) {
                    assertThat(stored(db, t.id())).as(t.id()).isEqualTo(truth(t));
                }
            });
        } finally {
            last.destroyForcibly();
            last.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long rows(Database db, List<SimulatedTenant> tenants) {
        return tenants.stream().mapToLong(t -> db.mpls().count(t.id())).sum();
    }

    private static Map<String, String> truth(SimulatedTenant t) {
        return t.groundTruth().stream().collect(Collectors.toMap(MplTruth::messageGuid, m -> m.status() + "@" + m.logEnd(), (a, b) -> b, TreeMap::new));
    }

    private static Map<String, String> stored(Database db, String tenant) {
        return db.mpls().allOf(tenant).stream().collect(Collectors.toMap(MplRecord::messageGuid,
                m -> m.status() + "@" + m.logEnd(), (a, b) -> b, TreeMap::new));
    }
}
