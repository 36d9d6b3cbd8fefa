package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.db.Database;
import io.cpimon.db.MplRecord;
import io.cpimon.db.PollCursor;
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
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault mode of the simulator against the MPL poller: the error is stored on the tenant's ingest status
 * with its code, nothing of the faulty response is written (the watermark stays), a healthy tenant polled in
 * between is unaffected, and once the fault clears the next poll brings the database to the ground truth.
 */
class FaultIngestIT {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final String HEALTHY = "fault-healthy";
    static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0).tenants(TenantSpec.of(HEALTHY));

    static Map<String, String> truth(SimulatedTenant t) {
        return t.groundTruth().stream().collect(Collectors.toMap(MplTruth::messageGuid, m -> m.status() + "@" + m.logEnd(), (a, b) -> b, TreeMap::new));
    }

    static Map<String, String> stored(String tenant) {
        return landscape.db().mpls().allOf(tenant).stream().collect(Collectors.toMap(MplRecord::messageGuid,
                m -> m.status() + "@" + m.logEnd(), (a, b) -> b, TreeMap::new));
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("HTTP 500", Fault.status(500), CpiException.Kind.SERVER_ERROR, "server_error", null),
                Arguments.of("HTTP 502", Fault.status(502), CpiException.Kind.UNAVAILABLE, "unavailable", null),
                Arguments.of("503 maintenance with Retry-After", Fault.maintenance(Duration.ofSeconds(30)),
                        CpiException.Kind.UNAVAILABLE, "unavailable", Duration.ofSeconds(30)),
                Arguments.of("429 with Retry-After", Fault.tooManyRequests(Duration.ofSeconds(7)),
                        CpiException.Kind.THROTTLED, "throttled", Duration.ofSeconds(7)),
                Arguments.of("HTTP 401 even after a token refresh", Fault.status(401), CpiException.Kind.AUTH, "auth_failed", null),
                Arguments.of("HTTP 403", Fault.status(403), CpiException.Kind.FORBIDDEN, "forbidden", null),
                Arguments.of("hanging API", Fault.hang(), CpiException.Kind.TIMEOUT, "timeout", null),
                Arguments.of("malformed JSON", Fault.malformedJson(), CpiException.Kind.MALFORMED, "malformed", null),
                Arguments.of("truncated body", Fault.truncatedBody(), null, null, null),
                Arguments.of("wrong JSON types", Fault.wrongTypes(), CpiException.Kind.MALFORMED, "malformed", null),
                Arguments.of("empty 200", Fault.empty200(), CpiException.Kind.MALFORMED, "malformed", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void pollOnce_fault_errorStoredNothingWrittenOthersUnaffected_recoversWhenCleared(
            String name, Fault fault, CpiException.Kind kind, String code, Duration retryAfter) {
        Simulator sim = landscape.sim();
        Database db = landscape.db();
        SimClock clock = landscape.clock();
        SimulatedTenant healthy = sim.tenant(HEALTHY);
        SimulatedTenant tenant = sim.addTenant(TenantSpec.of("fault-" + IDS.incrementAndGet()));
        tenant.generate(T0.minus(Duration.ofMinutes(30)), T0);
        TenantConfig config = landscape.oauth2(tenant, Duration.ofSeconds(1));
        TenantConfig healthyConfig = landscape.oauth2(healthy);
        IngestService ingest = landscape.ingest(config, healthyConfig);
        try {
            MplPoller poller = ingest.poller(config);
            poller.pollOnce(); // a token is cached; nothing yet to compare against
            long before = db.mpls().count(tenant.id());
            PollCursor committed = db.cursors().get(tenant.id(), MplPoller.STREAM).orElseThrow();
            clock.advance(Duration.ofMinutes(2));
            tenant.generate(T0, clock.instant());
            int tokensBefore = tenant.requestCount("/oauth/token");
            tenant.inject(fault);

            CpiException e = catchThrowableOfType(CpiException.class, poller::pollOnce);

            assertThat(e).as("the poll fails with a classified error").isNotNull();
            if (kind != null) {
                assertThat(e.kind()).isEqualTo(kind);
            }
            assertThat(e.retryAfter()).isEqualTo(retryAfter);
            PollCursor failed = db.cursors().get(tenant.id(), MplPoller.STREAM).orElseThrow();
            assertThat(failed.lastError()).startsWith((code != null ? code : e.code()) + ": ");
            assertThat(failed.consecutiveFailures()).isEqualTo(1);
            assertThat(failed.watermark()).as("the watermark stays").isEqualTo(committed.watermark());
            assertThat(db.mpls().count(tenant.id())).as("nothing of the faulty response is written").isEqualTo(before);
            if (kind == CpiException.Kind.AUTH) {
                assertThat(tenant.requestCount("/oauth/token") - tokensBefore).as("one refresh, no retry storm").isEqualTo(1);
            }

            healthy.generate(clock.instant().minus(Duration.ofMinutes(2)), clock.instant());
            ingest.poller(healthyConfig).pollOnce();
            assertThat(stored(healthy.id())).isEqualTo(truth(healthy));

            tenant.clearFaults();
            poller.pollOnce();
            assertThat(stored(tenant.id())).isEqualTo(truth(tenant));
            PollCursor recovered = db.cursors().get(tenant.id(), MplPoller.STREAM).orElseThrow();
            assertThat(recovered.lastError()).isNull();
            assertThat(recovered.consecutiveFailures()).isZero();
        } finally {
            tenant.clearFaults();
        }
    }

    @Test
    void pollOnce_malformedSecondPage_firstPageCommittedWithItsWatermark_badPageNotWritten() {
        Database db = landscape.db();
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("fault-mid")).pageCap(25);
        tenant.generate(T0.minus(Duration.ofMinutes(40)), T0);
        assertThat(tenant.groundTruth()).hasSizeGreaterThan(50);
        TenantConfig config = landscape.oauth2(tenant);
        IngestService ingest = landscape.ingest(config);
        try {
            tenant.inject(Fault.wrongTypes().onPath("/api/v1/MessageProcessingLogs").after(1));

            catchThrowableOfType(CpiException.class, ingest.poller(config)::pollOnce);

            List<MplRecord> rows = db.mpls().allOf(tenant.id());
            assertThat(rows).as("exactly the first page").hasSize(25);
            Instant maxLogEnd = rows.stream().map(MplRecord::logEnd).max(Instant::compareTo).orElseThrow();
            assertThat(db.cursors().get(tenant.id(), MplPoller.STREAM).orElseThrow().watermark()).isEqualTo(maxLogEnd);

            tenant.clearFaults();
            ingest.poller(config).pollOnce();
            assertThat(stored(tenant.id())).isEqualTo(truth(tenant));
        } finally {
            tenant.clearFaults();
        }
    }
}
