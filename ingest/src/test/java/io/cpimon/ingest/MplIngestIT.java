package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.db.Database;
import io.cpimon.db.MplRecord;
import io.cpimon.db.PollCursor;
import io.cpimon.db.ProbeResult;
import io.cpimon.ingest.testing.SimulatedLandscape;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.Fault;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MPL poller against a real simulated tenant over HTTP and a real PostgreSQL: after each poll the
 * database equals the simulator's ground truth, and polling again writes nothing twice.
 */
class MplIngestIT {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @RegisterExtension
    static final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0);

    private static Map<String, String> statuses(List<MplTruth> truth) {
        return truth.stream().collect(Collectors.toMap(MplTruth::messageGuid, MplTruth::status, (a, b) -> b, TreeMap::new));
    }

    private static Map<String, String> stored(Database db, String tenant) {
        return db.mpls().allOf(tenant).stream().collect(Collectors.toMap(MplRecord::messageGuid, MplRecord::status, (a, b) -> b, TreeMap::new));
    }

    @Test
    void pollOnce_severalPagesThenMoreTraffic_databaseEqualsGroundTruth_andRepollWritesNothing() {
        Database db = landscape.db();
        SimClock clock = landscape.clock();
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("ingest-a")).pageCap(40);
        tenant.generate(T0.minus(Duration.ofMinutes(50)), T0);
        MplPoller poller = landscape.poller(landscape.oauth2(tenant));

        MplPoller.Outcome first = poller.pollOnce();
        assertThat(tenant.groundTruth()).hasSizeGreaterThan(80);
        assertThat(first.pages()).as("a 40-entry page cap forces several pages").isGreaterThan(2);
        assertThat(stored(db, "ingest-a")).isEqualTo(statuses(tenant.groundTruth()));
        assertThat(first.inserted()).isEqualTo(tenant.groundTruth().size());

        MplPoller.Outcome again = poller.pollOnce();
        assertThat(again.inserted()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(db.mpls().count("ingest-a")).isEqualTo(tenant.groundTruth().size());

        clock.advance(Duration.ofMinutes(3));
        tenant.generate(T0, clock.instant());
        poller.pollOnce();
        assertThat(stored(db, "ingest-a")).isEqualTo(statuses(tenant.groundTruth()));

        PollCursor cursor = db.cursors().get("ingest-a", MplPoller.STREAM).orElseThrow();
        assertThat(cursor.lastError()).isNull();
        assertThat(cursor.consecutiveFailures()).isZero();
        assertThat(cursor.watermark()).isEqualTo(tenant.groundTruth().stream().map(MplTruth::logEnd)
                .filter(Objects::nonNull).max(Instant::compareTo).orElseThrow());
    }

    @Test
    void pollOnce_failedMessage_storesItsErrorText() {
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("ingest-b"));
        tenant.generate(T0.minus(Duration.ofMinutes(40)), T0);
        landscape.poller(landscape.basic(tenant)).pollOnce();
        List<MplTruth> failed = tenant.groundTruth().stream().filter(m -> "FAILED".equals(m.status())).toList();
        assertThat(failed).as("the traffic generator produces failures").isNotEmpty();
        Map<String, String> errorTexts = landscape.db().mpls().allOf("ingest-b").stream().filter(m -> "FAILED".equals(m.status()))
                .collect(Collectors.toMap(MplRecord::messageGuid, m -> String.valueOf(m.errorText())));
        for (MplTruth m : failed) {
            assertThat(errorTexts.get(m.messageGuid())).isEqualTo(m.errorText());
        }
    }

    @Test
    void pollOnce_malformedPage_writesNothing_recordsError_andRecovers() {
        Database db = landscape.db();
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("ingest-c"));
        tenant.generate(T0.minus(Duration.ofMinutes(30)), T0);
        MplPoller poller = landscape.poller(landscape.oauth2(tenant));
        tenant.inject(Fault.wrongTypes());
        assertThatThrownBy(poller::pollOnce).isInstanceOfSatisfying(CpiException.class,
                e -> assertThat(e.kind()).isEqualTo(CpiException.Kind.MALFORMED));
        assertThat(db.mpls().count("ingest-c")).isZero();
        PollCursor failedCursor = db.cursors().get("ingest-c", MplPoller.STREAM).orElseThrow();
        assertThat(failedCursor.lastError()).contains("malformed MessageProcessingLogs page from ingest-c");
        assertThat(failedCursor.consecutiveFailures()).isEqualTo(1);
        assertThat(failedCursor.watermark()).isNull();

        tenant.clearFaults();
        poller.pollOnce();
        assertThat(stored(db, "ingest-c")).isEqualTo(statuses(tenant.groundTruth()));
        assertThat(db.cursors().get("ingest-c", MplPoller.STREAM).orElseThrow().lastError()).isNull();
    }

    @Test
    void pollOnce_tenantDown_failsWithNetworkError_otherTenantUnaffected() {
        Simulator sim = landscape.sim();
        Database db = landscape.db();
        SimulatedTenant down = sim.addTenant(TenantSpec.of("ingest-d"));
        SimulatedTenant up = sim.addTenant(TenantSpec.of("ingest-e"));
        up.generate(T0.minus(Duration.ofMinutes(20)), T0);
        down.generate(T0.minus(Duration.ofMinutes(20)), T0);
        TenantConfig downConfig = landscape.oauth2(down);
        TenantConfig upConfig = landscape.oauth2(up);
        IngestService ingest = landscape.ingest(downConfig, upConfig);
        down.down();
        try {
            assertThatThrownBy(ingest.poller(downConfig)::pollOnce).isInstanceOfSatisfying(CpiException.class,
                    e -> assertThat(e.kind()).isEqualTo(CpiException.Kind.NETWORK));
            ingest.poller(upConfig).pollOnce();
            assertThat(stored(db, "ingest-e")).isEqualTo(statuses(up.groundTruth()));

            ProbeResult probe = ingest.probe(downConfig).probeOnce();
            assertThat(probe.up()).isFalse();
            assertThat(probe.statusCode()).isNull();
            assertThat(ingest.probe(upConfig).probeOnce()).satisfies(p -> {
                assertThat(p.up()).isTrue();
                assertThat(p.statusCode()).as("an unauthenticated HEAD on the runtime is answered 401").isEqualTo(401);
            });
            down.up();
            ingest.poller(downConfig).pollOnce();
            assertThat(stored(db, "ingest-d")).isEqualTo(statuses(down.groundTruth()));
        } finally {
            down.up();
        }
    }
}
