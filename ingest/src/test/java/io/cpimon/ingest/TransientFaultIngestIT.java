package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.MplRecord;
import io.cpimon.db.PollCursor;
import io.cpimon.ingest.testing.SimulatedLandscape;
import io.cpimon.simulator.tenant.Fault;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transient and partial faults against the MPL poller: a throttled request (429 with Retry-After) and a 503 page from
 * the router are retried in place, a tenant that refuses the {@code LogEnd eq null} query and an error text that
 * fails alone each fail only their own step. In every case nothing is missing after the poll, the error texts are
 * there, and the poll does not count as failed.
 */
class TransientFaultIngestIT {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final String ENTITY = "/api/v1/MessageProcessingLogs('";
    static final String COLLECTION = "/api/v1/MessageProcessingLogs";

    @RegisterExtension
    final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0);

    /** A tenant with half an hour of traffic and 40 extra FAILED messages, served 25 entries a page. */
    private SimulatedTenant tenant(String id) {
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of(id)).pageCap(25);
        tenant.generate(T0.minus(Duration.ofMinutes(30)), T0);
        for (int i = 0; i < 40; i++) {
            Instant at = T0.minus(Duration.ofMinutes(20)).plusSeconds(i);
            tenant.add(MplTruth.of(String.format("F%026d", i), "Flow_A", "FAILED", at, at));
        }
        return tenant;
    }

    /** Every message's status and LogEnd, and for failed ones the error text. */
    private Map<String, String> truth(SimulatedTenant t) {
        return t.groundTruth().stream().collect(Collectors.toMap(MplTruth::messageGuid,
                m -> m.status() + "@" + m.logEnd() + text(m.status(), m.errorText()), (a, b) -> b, TreeMap::new));
    }

    private Map<String, String> stored(SimulatedTenant t) {
        return landscape.db().mpls().allOf(t.id()).stream().collect(Collectors.toMap(MplRecord::messageGuid,
                m -> m.status() + "@" + m.logEnd() + text(m.status(), m.errorText()), (a, b) -> b, TreeMap::new));
    }

    private static String text(String status, String errorText) {
        return "FAILED".equals(status) || "ESCALATED".equals(status) ? " " + errorText : "";
    }

    private Optional<PollCursor> cursor(SimulatedTenant t, String stream) {
        return landscape.db().cursors().get(t.id(), stream);
    }

    @Test
    void pollOnce_someRequestsThrottledWithRetryAfter_retriedInPlace_nothingMissing() {
        SimulatedTenant tenant = tenant("throttled");
        tenant.inject(Fault.tooManyRequests(Duration.ofSeconds(1)).onPath(COLLECTION).after(2).times(1));
        tenant.inject(Fault.tooManyRequests(Duration.ofSeconds(1)).onPath(ENTITY).after(7).times(1));
        tenant.inject(Fault.tooManyRequests(Duration.ofSeconds(1)).onPath(ENTITY).after(20).times(1));

        MplPoller.Outcome outcome = landscape.poller(landscape.oauth2(tenant)).pollOnce();

        assertThat(tenant.faults()).as("every injected 429 was met").isEmpty();
        assertThat(stored(tenant)).isEqualTo(truth(tenant));
        assertThat(outcome.failedSteps()).isEmpty();
        assertThat(cursor(tenant, MplPoller.STREAM).orElseThrow().consecutiveFailures()).isZero();
    }

    @Test
    void pollOnce_503PageFromTheRouterOnSomeRequests_retriedInPlace_nothingMissing() {
        SimulatedTenant tenant = tenant("unavailable");
        tenant.inject(Fault.status(503).onPath(COLLECTION).after(1).times(1));
        tenant.inject(Fault.status(503).onPath(ENTITY).after(3).times(1));
        tenant.inject(Fault.status(503).onPath(ENTITY).after(11).times(1));

        MplPoller.Outcome outcome = landscape.poller(landscape.oauth2(tenant)).pollOnce();

        assertThat(tenant.faults()).as("every injected 503 was met").isEmpty();
        assertThat(stored(tenant)).isEqualTo(truth(tenant));
        assertThat(outcome.failedSteps()).isEmpty();
        assertThat(cursor(tenant, MplPoller.STREAM).orElseThrow().consecutiveFailures()).isZero();
    }

    @Test
    void pollOnce_nullDateQueryRefusedWith400_otherStepsRun_failureOnItsOwnStatus() {
        SimulatedTenant tenant = tenant("no-null-filter");
        tenant.inject(Fault.status(400).onPath(COLLECTION).onQuery("LogEnd eq null"));
        MplPoller poller = landscape.poller(landscape.oauth2(tenant));

        MplPoller.Outcome outcome = poller.pollOnce();

        assertThat(stored(tenant)).isEqualTo(truth(tenant));
        assertThat(outcome.failedSteps()).containsExactly(MplPoller.NULL_DATES);
        PollCursor pages = cursor(tenant, MplPoller.STREAM).orElseThrow();
        assertThat(pages.lastError()).isNull();
        assertThat(pages.consecutiveFailures()).isZero();
        PollCursor nullDates = cursor(tenant, MplPoller.NULL_DATES).orElseThrow();
        assertThat(nullDates.lastError()).startsWith("client_error: ");
        assertThat(nullDates.consecutiveFailures()).isEqualTo(1);

        tenant.clearFaults();
        landscape.clock().advance(Duration.ofSeconds(30));
        MplPoller.Outcome next = poller.pollOnce();

        assertThat(next.failedSteps()).as("retried next poll").isEmpty();
        assertThat(cursor(tenant, MplPoller.NULL_DATES).orElseThrow().lastError()).isNull();
    }

    @Test
    void pollOnce_oneErrorTextFails_othersStored_itsTextFetchedNextPoll() {
        SimulatedTenant tenant = tenant("one-text");
        String failing = String.format("F%026d", 5);
        tenant.inject(Fault.status(500).onPath(ENTITY + failing + "')/ErrorInformation").times(1));
        MplPoller poller = landscape.poller(landscape.oauth2(tenant));

        MplPoller.Outcome outcome = poller.pollOnce();

        assertThat(outcome.failedSteps()).containsExactly(MplPoller.ERROR_TEXTS);
        assertThat(cursor(tenant, MplPoller.ERROR_TEXTS).orElseThrow().lastError())
                .startsWith("server_error: 1 of ");
        assertThat(cursor(tenant, MplPoller.STREAM).orElseThrow().consecutiveFailures()).isZero();
        assertThat(landscape.db().mpls().allOf(tenant.id()).stream()
                .filter(m -> "FAILED".equals(m.status()) && m.errorText() == null).map(MplRecord::messageGuid))
                .as("only the failed request's text is missing").containsExactly(failing);

        landscape.clock().advance(Duration.ofSeconds(30));
        MplPoller.Outcome next = poller.pollOnce();

        assertThat(next.failedSteps()).isEmpty();
        assertThat(stored(tenant)).isEqualTo(truth(tenant));
        assertThat(cursor(tenant, MplPoller.ERROR_TEXTS).orElseThrow().lastError()).isNull();
    }
}
