package io.cpimon.db.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.db.ArtifactStore.SnapshotResult;
import io.cpimon.db.ContentRow;
import io.cpimon.db.ContentRow.Kind;
import io.cpimon.db.ContentStore;
import io.cpimon.db.DataStoreRow;
import io.cpimon.db.JmsBrokerRow;
import io.cpimon.db.ReadinessAck;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ContentStore}: per (tenant, kind) snapshots replace what was stored; acknowledgements per pair and key. */
public abstract class ContentStoreContract {
    protected static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    protected abstract ContentStore content();

    private static ContentRow variable(String tenant, String name, String iflow, Instant retainUntil, Instant seen) {
        return new ContentRow(tenant, Kind.VARIABLE, name, iflow, iflow.isEmpty() ? "Global" : "Local",
                T.minusSeconds(3600), retainUntil, seen);
    }

    private static ContentRow credential(String tenant, String name, Instant seen) {
        return new ContentRow(tenant, Kind.USER_CREDENTIAL, name, "", null, T.minusSeconds(86400), null, seen);
    }

    @Test
    void replace_secondSnapshot_insertsChangesDeletes_andLeavesOtherKindsAndTenantsAlone() {
        content().replace("t1", Kind.VARIABLE, List.of(variable("t1", "LocationId", "", T.plusSeconds(100), T),
                variable("t1", "lastRun", "Flow_A", T.plusSeconds(100), T)), T);
        content().replace("t1", Kind.USER_CREDENTIAL, List.of(credential("t1", "SFTP_WMS", T)), T);
        content().replace("t2", Kind.VARIABLE, List.of(variable("t2", "LocationId", "", T.plusSeconds(100), T)), T);

        SnapshotResult r = content().replace("t1", Kind.VARIABLE, List.of(
                variable("t1", "LocationId", "", T.plusSeconds(999), T.plusSeconds(60)),
                variable("t1", "lastRun", "Flow_B", T.plusSeconds(100), T.plusSeconds(60))), T.plusSeconds(60));

        assertThat(r).isEqualTo(new SnapshotResult(1, 1, 1));
        assertThat(content().all()).containsExactly(
                credential("t1", "SFTP_WMS", T),
                variable("t1", "LocationId", "", T.plusSeconds(999), T.plusSeconds(60)),
                variable("t1", "lastRun", "Flow_B", T.plusSeconds(100), T.plusSeconds(60)),
                variable("t2", "LocationId", "", T.plusSeconds(100), T));
    }

    @Test
    void replace_emptySnapshot_recordsTheKindAsRead() {
        content().replace("t1", Kind.SECURE_PARAMETER, List.of(), T);
        content().replace("t1", Kind.VARIABLE, List.of(variable("t1", "X", "", null, T)), T);

        assertThat(content().snapshots()).isEqualTo(Map.of("t1", Set.of(Kind.SECURE_PARAMETER, Kind.VARIABLE)));
        assertThat(content().all()).hasSize(1);
    }

    @Test
    void replace_rowOfAnotherTenantOrKind_rejectedAndNothingStored() {
        assertThatThrownBy(() -> content().replace("t1", Kind.VARIABLE, List.of(variable("t2", "X", "", null, T)), T))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t2");
        assertThatThrownBy(() -> content().replace("t1", Kind.VARIABLE, List.of(credential("t1", "X", T)), T))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user credential X");
        assertThat(content().all()).isEmpty();
        assertThat(content().snapshots()).isEmpty();
    }

    @Test
    void ack_replacesTheSameKey_andUnackRemovesIt() {
        content().ack(new ReadinessAck("prod", "variable:LocationId", "set by hand on failover", "ops", T));
        content().ack(new ReadinessAck("prod", "variable:LocationId", "scripted", "lead", T.plusSeconds(5)));
        content().ack(new ReadinessAck("edge", "number_range:INV", "unused", "ops", T));

        assertThat(content().acks()).containsExactly(
                new ReadinessAck("edge", "number_range:INV", "unused", "ops", T),
                new ReadinessAck("prod", "variable:LocationId", "scripted", "lead", T.plusSeconds(5)));
        assertThat(content().unack("prod", "variable:LocationId")).isTrue();
        assertThat(content().unack("prod", "variable:LocationId")).isFalse();
        assertThat(content().acks()).hasSize(1);
    }

    @Test
    void broker_storedReplacedAndRemoved() {
        JmsBrokerRow full = new JmsBrokerRow("t1", 9_000_000_000L, 9_500_000_000L, 28, 30, 25, 2, 1, true, false, true, T);
        content().broker("t1", new JmsBrokerRow("t1", 1, 10, 1, 30, 1, 0, 0, false, false, false, T));
        content().broker("t1", full);
        content().broker("t2", new JmsBrokerRow("t2", 1, 10, 1, 30, 1, 0, 0, false, false, false, T));

        assertThat(content().brokers()).hasSize(2).first().isEqualTo(full);
        content().broker("t2", null);
        assertThat(content().brokers()).containsExactly(full);
    }

    @Test
    void dataStores_replacedWholePerTenant() {
        DataStoreRow orders = new DataStoreRow("t1", "Orders", "OrderIn", "", "Integration Flow", 12, 3, T);
        DataStoreRow global = new DataStoreRow("t1", "Shared", "", "", "Global", 5, 5, T);
        DataStoreRow other = new DataStoreRow("t2", "Orders", "OrderIn", "", null, 1, 1, T);
        content().dataStores("t1", List.of(orders, new DataStoreRow("t1", "Gone", "X", "", null, 1, 1, T)));
        content().dataStores("t2", List.of(other));
        content().dataStores("t1", List.of(orders, global));

        assertThat(content().dataStores()).containsExactly(orders, global, other);
        content().dataStores("t1", List.of());
        assertThat(content().dataStores()).containsExactly(other);
        assertThatThrownBy(() -> content().dataStores("t1", List.of(other)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t2");
    }
}
