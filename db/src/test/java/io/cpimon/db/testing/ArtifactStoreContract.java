package io.cpimon.db.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.db.ArtifactRow;
import io.cpimon.db.ArtifactStore;
import io.cpimon.db.ArtifactStore.SnapshotResult;
import io.cpimon.db.KeystoreRow;
import io.cpimon.db.KeystoreStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ArtifactStore} and {@link KeystoreStore}: per-tenant snapshots replace what was stored. */
public abstract class ArtifactStoreContract {
    protected static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    protected abstract ArtifactStore artifacts();

    protected abstract KeystoreStore keystore();

    private static ArtifactRow artifact(String tenant, String id, String version, String status, Instant seen) {
        return new ArtifactRow(tenant, id, version, id + " name", "INTEGRATION_FLOW", status, T.minusSeconds(86400), "deployer",
                "ERROR".equals(status) ? "boom" : null, seen);
    }

    private static KeystoreRow cert(String tenant, String alias, Instant notAfter, Instant seen) {
        return new KeystoreRow(tenant, alias, "Certificate", "Tenant Administrator", "CN=" + alias, "CN=CA",
                T.minusSeconds(86400), notAfter, seen);
    }

    @Test
    void replace_secondSnapshot_insertsChangesDeletes_andLeavesOtherTenantsAlone() {
        artifacts().replace("t1", List.of(artifact("t1", "A", "1.0.0", "STARTED", T), artifact("t1", "B", "1.0.0", "STARTED", T)));
        artifacts().replace("t2", List.of(artifact("t2", "A", "1.0.0", "STARTED", T)));

        SnapshotResult r = artifacts().replace("t1", List.of(artifact("t1", "A", "1.0.1", "ERROR", T.plusSeconds(60)),
                artifact("t1", "C", "2.0.0", "STARTED", T.plusSeconds(60))));

        assertThat(r).isEqualTo(new SnapshotResult(1, 1, 1));
        assertThat(artifacts().of("t1")).containsExactly(artifact("t1", "A", "1.0.1", "ERROR", T.plusSeconds(60)),
                artifact("t1", "C", "2.0.0", "STARTED", T.plusSeconds(60)));
        assertThat(artifacts().of("t2")).containsExactly(artifact("t2", "A", "1.0.0", "STARTED", T));
        assertThat(artifacts().all()).hasSize(3);
    }

    @Test
    void replace_sameSnapshotAgain_changesNothingButSeenAt() {
        artifacts().replace("t1", List.of(artifact("t1", "A", "1.0.0", "STARTED", T)));

        SnapshotResult r = artifacts().replace("t1", List.of(artifact("t1", "A", "1.0.0", "STARTED", T.plusSeconds(60))));

        assertThat(r).isEqualTo(new SnapshotResult(0, 0, 0));
        assertThat(artifacts().of("t1").getFirst().seenAt()).isEqualTo(T.plusSeconds(60));
    }

    @Test
    void replace_rowOfAnotherTenant_rejected() {
        assertThatThrownBy(() -> artifacts().replace("t1", List.of(artifact("t2", "A", "1", "STARTED", T))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belongs to tenant t2");
    }

    @Test
    void keystoreReplace_secondSnapshot_insertsChangesDeletes() {
        keystore().replace("t1", List.of(cert("t1", "sap_cloud", T.plusSeconds(1000), T), cert("t1", "old", T.plusSeconds(10), T)));

        SnapshotResult r = keystore().replace("t1", List.of(cert("t1", "sap_cloud", T.plusSeconds(5000), T.plusSeconds(60)),
                cert("t1", "new", T.plusSeconds(9000), T.plusSeconds(60))));

        assertThat(r).isEqualTo(new SnapshotResult(1, 1, 1));
        assertThat(keystore().of("t1")).containsExactly(cert("t1", "new", T.plusSeconds(9000), T.plusSeconds(60)),
                cert("t1", "sap_cloud", T.plusSeconds(5000), T.plusSeconds(60)));
        assertThat(keystore().all()).hasSize(2);
    }
}
