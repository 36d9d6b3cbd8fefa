package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.db.Database;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.SimulatedTenant;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Two cpimon processes on one database and three simulated tenants with live traffic, restarted one after the other
 * as a rolling update does (SIGTERM, start again, wait until it holds its share again, then the other). The primary
 * tenant goes down while the first instance is away and comes back after it returned; another outage follows the
 * second restart. Nothing is lost, nothing is stored twice, and each outage reaches Teams as exactly one firing and
 * one resolved card.
 */
@EnabledOnOs(OS.LINUX)
class RollingRestartIT {
    @Test
    void bothRestartedInTurn_underTrafficAndOutages_nothingLostOrTwice_eachOutageNotifiedOnce() throws Exception {
        Path dir = InstanceKillIT.logsIn("rolling-restart");
        String jdbcUrl = TestDatabase.freshJdbcUrl();
        try (Simulator sim = Simulator.start(SimClock.system());
             Database db = Database.open(jdbcUrl, TestDatabase.user(), null, 2)) {
            Instant start = sim.clock().instant();
            List<SimulatedTenant> tenants = InstanceKillIT.demoTenants(sim, start);
            Map<String, Process> children = new HashMap<>();
            InstanceKillIT.Children watched = new InstanceKillIT.Children(dir, db, children);
            try {
                for (String id : List.of("a", "b")) {
                    children.put(id, InstanceKillIT.child(sim, dir, id, jdbcUrl));
                }
                watched.until("both alive and the tenants spread", Duration.ofMinutes(4), () -> spread(db));
                sim.startLiveTraffic(Duration.ofMillis(500));

                // a goes; the primary goes down while a is away and comes back once a holds its share again
                sim.tenant(Demo.PRIMARY).down();
                restart(sim, dir, jdbcUrl, db, children, watched, "a");
                watched.until("the first outage's firing card", Duration.ofSeconds(60),
                        () -> !InstanceKillIT.downCards(sim).isEmpty());
                sim.tenant(Demo.PRIMARY).up();
                watched.until("the first outage's resolved card", Duration.ofSeconds(60),
                        () -> InstanceKillIT.downCards(sim).size() >= 2);

                // then b; another outage after it is back
                restart(sim, dir, jdbcUrl, db, children, watched, "b");
                sim.tenant(Demo.PRIMARY).down();
                watched.until("the second outage's firing card", Duration.ofSeconds(60),
                        () -> InstanceKillIT.downCards(sim).size() >= 3);
                sim.tenant(Demo.PRIMARY).up();
                watched.until("the second outage's resolved card", Duration.ofSeconds(60),
                        () -> InstanceKillIT.downCards(sim).size() >= 4);

                sim.stopLiveTraffic();
                watched.until("every message stored", Duration.ofSeconds(60),
                        () -> InstanceKillIT.ingested(db, tenants));
                assertThat(InstanceKillIT.duplicates(db)).as("messages stored twice").isZero();
                // a card sent twice (a dispatcher of each instance) would arrive within these seconds
                await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15))
                        .until(() -> InstanceKillIT.downCards(sim).size() == 4);
                List<String> cards = InstanceKillIT.downCards(sim);
                assertThat(cards).as(watched.diagnosis()).hasSize(4);
                assertThat(cards.stream().map(c -> c.substring(0, c.indexOf(']') + 1)).toList())
                        .containsExactly("[FIRING]", "[RESOLVED]", "[FIRING]", "[RESOLVED]");
            } finally {
                sim.stopLiveTraffic();
                children.values().forEach(Process::destroyForcibly);
            }
        }
    }

    /** SIGTERM to {@code id} (its shutdown frees its leases), a new process, and its share held again. */
    private static void restart(Simulator sim, Path dir, String jdbcUrl, Database db, Map<String, Process> children,
                                InstanceKillIT.Children watched, String id) throws Exception {
        watched.killed(id);
        Process old = children.get(id);
        old.destroy();
        assertThat(old.waitFor(60, TimeUnit.SECONDS)).as(id + " ended after SIGTERM").isTrue();
        children.put(id, InstanceKillIT.child(sim, dir, id, jdbcUrl));
        watched.restarted(id);
        watched.until(id + " holds its share again", Duration.ofMinutes(3), () -> spread(db));
    }

    /** Whether both instances hold tenants and every tenant is held. */
    private static boolean spread(Database db) {
        Map<String, String> holders = InstanceKillIT.holders(db);
        return holders.size() == 3 && holders.values().stream().collect(Collectors.toSet()).size() == 2;
    }
}
