package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.db.Database;
import io.cpimon.db.MplRecord;
import io.cpimon.db.PollCursor;
import io.cpimon.ingest.testing.SimulatedLandscape;
import io.cpimon.simulator.tenant.Fault;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One hanging tenant among 20, all started as the server starts them: the other 19 ingest as if it were not there. */
class TenantIsolationIT {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @RegisterExtension
    final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0)
            // healthy tenants retry fast after a failure; the hanging one would hold a sequential poller for a minute
            .poll(new PollConfig(Duration.ofSeconds(2), Duration.ofMinutes(5), 1000, Duration.ofHours(1)));

    @Test
    void start_oneHangingTenantAmongTwenty_othersIngestWithoutWaitingForIt() {
        Database db = landscape.db();
        List<SimulatedTenant> tenants = new ArrayList<>();
        List<TenantConfig> configs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SimulatedTenant t = landscape.sim().addTenant(TenantSpec.of("iso-" + i));
            t.generate(T0.minus(Duration.ofMinutes(20)), T0);
            tenants.add(t);
            configs.add(landscape.oauth2(t, Duration.ofSeconds(i == 0 ? 60 : 10)));
        }
        SimulatedTenant hanging = tenants.getFirst();
        hanging.inject(Fault.hang());

        landscape.ingest(configs).start();
        // well before the hanging tenant's 60 s timeout: nobody waits for it
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            for (SimulatedTenant t : tenants.subList(1, tenants.size())) {
                assertThat(db.mpls().count(t.id())).as(t.id()).isEqualTo(t.groundTruth().size());
            }
        });
        for (SimulatedTenant t : tenants.subList(1, tenants.size())) {
            assertThat(stored(db, t.id())).as(t.id()).isEqualTo(truth(t));
        }
        assertThat(db.mpls().count(hanging.id())).isZero();
        assertThat(db.cursors().get(hanging.id(), MplPoller.STREAM).map(PollCursor::lastSuccess)).isEmpty();
    }

    static Map<String, String> truth(SimulatedTenant t) {
        return t.groundTruth().stream().collect(Collectors.toMap(MplTruth::messageGuid, MplTruth::status, (a, b) -> b, TreeMap::new));
    }

    static Map<String, String> stored(Database db, String tenant) {
        return db.mpls().allOf(tenant).stream().collect(Collectors.toMap(MplRecord::messageGuid, MplRecord::status, (a, b) -> b, TreeMap::new));
    }
}
