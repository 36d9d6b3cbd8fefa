package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.Database;
import io.cpimon.db.MplRecord;
import io.cpimon.ingest.testing.SimulatedLandscape;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the MPL poller does beyond the LogEnd window, against a simulated tenant: unfinished messages re-read
 * by GUID at a bounded rate, null-dated RETRY entries found, error texts fetched once and never for DISCARDED,
 * custom header properties stored, the OAuth2 token cached.
 */
class PollerSemanticsIT {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @RegisterExtension
    final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0);

    private Map<String, MplRecord> stored(String tenant) {
        return landscape.db().mpls().allOf(tenant).stream().collect(Collectors.toMap(MplRecord::messageGuid, Function.identity()));
    }

    @Test
    void pollOnce_unfinishedAndSpecialMessages_rereadAtBoundedRate_errorTextOnce_headersStored_tokenCached() {
        SimClock clock = landscape.clock();
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("sem-a").withIflows(List.of()));
        MplTruth stuck = tenant.add(MplTruth.of("Pstuck000000000000000000000", "Flow_A", "PROCESSING",
                T0.minus(Duration.ofMinutes(50)), T0.minus(Duration.ofMinutes(50))));
        MplTruth failed = tenant.add(MplTruth.of("Ffailed00000000000000000000", "Flow_A", "FAILED",
                        T0.minus(Duration.ofMinutes(30)), T0.minus(Duration.ofMinutes(30)))
                .withCustomHeaders(Map.of("po_number", "4500012345", "region", "EU")));
        MplTruth discarded = tenant.add(MplTruth.of("Ddiscarded00000000000000000", "Flow_A", "DISCARDED",
                T0.minus(Duration.ofMinutes(20)), T0.minus(Duration.ofMinutes(20))));
        MplTruth retryNull = tenant.add(new MplTruth("Rretrynull000000000000000000", "Cretrynull000000000000000000", null, null, null, null,
                null, null, "Flow_A", "Flow A", "P", "P", "RETRY", "RETRY", "INFO", "JMS queue deleted", Map.of()));
        tenant.add(MplTruth.of("Nnewest00000000000000000000", "Flow_A", "COMPLETED", T0.minusSeconds(1), T0));
        MplPoller poller = landscape.poller(landscape.oauth2(tenant));
        poller.pollOnce();

        Map<String, MplRecord> first = stored("sem-a");
        assertThat(first).containsKeys(stuck.messageGuid(), failed.messageGuid(), discarded.messageGuid(), retryNull.messageGuid());
        assertThat(first.get(retryNull.messageGuid()).status()).as("found by the LogEnd eq null query").isEqualTo("RETRY");
        assertThat(first.get(failed.messageGuid()).errorText()).isEqualTo(failed.errorText());
        assertThat(first.get(failed.messageGuid()).customHeaders()).isEqualTo(Map.of("po_number", "4500012345", "region", "EU"));
        assertThat(first.get(discarded.messageGuid()).errorText()).isNull();

        // the stuck message completes, but the new version's LogEnd is older than the overlap window
        tenant.add(stuck.withStatus("COMPLETED", T0.minus(Duration.ofMinutes(45))));
        clock.advance(Duration.ofMinutes(1));
        poller.pollOnce();
        assertThat(stored("sem-a").get(stuck.messageGuid()).status()).as("re-read at most every 5 minutes").isEqualTo("PROCESSING");

        clock.advance(Duration.ofMinutes(5));
        MplPoller.Outcome later = poller.pollOnce();
        assertThat(later.rechecked()).isPositive();
        assertThat(stored("sem-a").get(stuck.messageGuid()).status()).isEqualTo("COMPLETED");

        String base = "/api/v1/MessageProcessingLogs('";
        assertThat(tenant.requestCount(base + failed.messageGuid() + "')/ErrorInformation")).as("fetched once").isEqualTo(1);
        assertThat(tenant.requestCount(base + discarded.messageGuid() + "')")).as("never for DISCARDED").isZero();
        assertThat(tenant.requestCount("/oauth/token")).as("the token is cached across polls").isEqualTo(1);
    }

    @Test
    void pollOnce_tokenRevoked_oneRefreshThenSucceeds() {
        Database db = landscape.db();
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("sem-b"));
        tenant.generate(T0.minus(Duration.ofMinutes(10)), T0);
        MplPoller poller = landscape.poller(landscape.oauth2(tenant));
        poller.pollOnce();
        tenant.revokeTokens();

        poller.pollOnce();

        assertThat(tenant.requestCount("/oauth/token")).isEqualTo(2);
        assertThat(db.cursors().get("sem-b", MplPoller.STREAM).orElseThrow().lastError()).isNull();
    }
}
