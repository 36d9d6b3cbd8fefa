package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.db.ArtifactRow;
import io.cpimon.db.Database;
import io.cpimon.db.KeystoreRow;
import io.cpimon.db.PollCursor;
import io.cpimon.ingest.testing.SimulatedLandscape;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.tenant.Fault;
import io.cpimon.simulator.tenant.KeystoreEntry;
import io.cpimon.simulator.tenant.RuntimeArtifact;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The artifacts and keystore poller against a simulated tenant: snapshots stored, changes and removals followed. */
class ArtifactPollerIT {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @RegisterExtension
    static final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0);

    static Map<String, String> artifacts(SimulatedTenant t) {
        return t.artifacts().stream().collect(Collectors.toMap(RuntimeArtifact::id, a -> a.version() + "/" + a.status(), (a, b) -> b, TreeMap::new));
    }

    static Map<String, String> stored(String tenant) {
        return landscape.db().artifacts().of(tenant).stream().collect(Collectors.toMap(ArtifactRow::artifactId,
                a -> a.version() + "/" + a.status(), (a, b) -> b, TreeMap::new));
    }

    static Map<String, Instant> keystore(SimulatedTenant t) {
        return t.keystoreEntries().stream().collect(Collectors.toMap(KeystoreEntry::alias, KeystoreEntry::validNotAfter, (a, b) -> b, TreeMap::new));
    }

    static Map<String, Instant> storedKeystore(String tenant) {
        return landscape.db().keystore().of(tenant).stream().collect(Collectors.toMap(KeystoreRow::alias,
                KeystoreRow::validNotAfter, (a, b) -> b, TreeMap::new));
    }

    @Test
    void pollOnce_deployedArtifactsAndKeystore_storedAsSnapshots_changesAndUndeploysFollowed() {
        Database db = landscape.db();
        SimClock clock = landscape.clock();
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("art-a"));
        TenantConfig config = landscape.oauth2(tenant);
        ArtifactPoller poller = landscape.ingest(config).artifactPoller(config);
        poller.pollOnce();
        assertThat(stored("art-a")).isEqualTo(artifacts(tenant)).isNotEmpty();
        assertThat(storedKeystore("art-a")).isEqualTo(keystore(tenant)).isNotEmpty();

        String first = tenant.artifacts().getFirst().id();
        String second = tenant.artifacts().get(1).id();
        tenant.artifactStatus(first, "ERROR");
        tenant.artifactVersion(second, "2.0.0");
        tenant.undeploy(SimulatedTenant.HEALTH_ARTIFACT);
        tenant.addKeystoreEntry(KeystoreEntry.certificate("partner_cert", T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(10))));
        clock.advance(Duration.ofMinutes(5));

        ArtifactPoller.Outcome outcome = poller.pollOnce();

        assertThat(outcome.artifacts().deleted()).isEqualTo(1);
        assertThat(stored("art-a")).isEqualTo(artifacts(tenant)).doesNotContainKey(SimulatedTenant.HEALTH_ARTIFACT);
        assertThat(storedKeystore("art-a")).isEqualTo(keystore(tenant)).containsKey("partner_cert");
        assertThat(db.artifacts().of("art-a")).allSatisfy(a -> assertThat(a.seenAt()).isEqualTo(clock.instant()));
        assertThat(db.artifacts().of("art-a")).filteredOn(a -> a.artifactId().equals(first)).singleElement()
                .satisfies(a -> assertThat(a.errorText()).isEqualTo(tenant.artifact(first).errorText()).isNotBlank());
        assertThat(db.cursors().get("art-a", ArtifactPoller.ARTIFACTS).orElseThrow().lastSuccess()).isEqualTo(clock.instant());
        assertThat(db.cursors().get("art-a", ArtifactPoller.KEYSTORE).orElseThrow().lastSuccess()).isEqualTo(clock.instant());
    }

    @Test
    void pollOnce_keystoreFails_artifactsStillStored_keystoreErrorRecorded() {
        Database db = landscape.db();
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("art-b"));
        TenantConfig config = landscape.oauth2(tenant);
        IngestService ingest = landscape.ingest(config);
        tenant.inject(Fault.status(500).onPath("/api/v1/KeystoreEntries"));
        try {
            CpiException e = catchThrowableOfType(CpiException.class, ingest.artifactPoller(config)::pollOnce);

            assertThat(e.kind()).isEqualTo(CpiException.Kind.SERVER_ERROR);
            assertThat(stored("art-b")).isEqualTo(artifacts(tenant));
            assertThat(db.keystore().of("art-b")).isEmpty();
            PollCursor k = db.cursors().get("art-b", ArtifactPoller.KEYSTORE).orElseThrow();
            assertThat(k.lastError()).startsWith("server_error: ");
            assertThat(db.cursors().get("art-b", ArtifactPoller.ARTIFACTS).orElseThrow().lastError()).isNull();
        } finally {
            tenant.clearFaults();
        }
    }
}
