package io.cpimon.db.jdbc;

import static io.cpimon.db.testing.MplRecords.mpl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.db.LeaseLostException;
import io.cpimon.db.LeaseStore;
import io.cpimon.db.LeaseToken;
import io.cpimon.db.MplStore.CursorAdvance;
import io.cpimon.db.PollCursor;
import io.cpimon.db.testing.FreshDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Leases on PostgreSQL on a controlled clock: acquisition, renewal, takeover after expiry, release, fencing. */
class JdbcLeaseStoreIT {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(30);

    private LeaseStore leases() {
        return db.get().leases();
    }

    @Test
    void acquire_freeLease_takenAtEpochOne_othersRefusedUntilExpiry() {
        assertThat(leases().acquire("tenant:a", "i1", T0, T0.plus(TTL))).contains(new LeaseToken("tenant:a", "i1", 1));

        assertThat(leases().acquire("tenant:a", "i2", T0.plusSeconds(29), T0.plusSeconds(59))).isEmpty();
        assertThat(leases().leases()).singleElement().satisfies(l -> {
            assertThat(l.holder()).isEqualTo("i1");
            assertThat(l.expiresAt()).isEqualTo(T0.plus(TTL));
        });
    }

    @Test
    void acquireAll_freeHeldAndOwnLeases_takesAllButTheOneAnotherHolds() {
        leases().acquire("tenant:b", "i2", T0, T0.plus(TTL));
        leases().acquire("tenant:c", "i1", T0, T0.plus(TTL));

        assertThat(leases().acquireAll(List.of("tenant:c", "tenant:a", "tenant:b"), "i1", T0.plusSeconds(1),
                T0.plusSeconds(31)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "tenant:a", new LeaseToken("tenant:a", "i1", 1),
                        "tenant:c", new LeaseToken("tenant:c", "i1", 2)));
        assertThat(leases().leases()).extracting(l -> l.name() + "=" + l.holder())
                .containsExactly("tenant:a=i1", "tenant:b=i2", "tenant:c=i1");
        assertThat(leases().acquireAll(List.of(), "i1", T0, T0.plus(TTL))).isEmpty();
    }

    @Test
    void renew_heldLease_extendsIt_soNoTakeoverAtTheOldExpiry() {
        leases().acquire("tenant:a", "i1", T0, T0.plus(TTL));

        assertThat(leases().renew("i1", List.of("tenant:a", "tenant:b"), T0.plusSeconds(40)))
                .containsExactly("tenant:a");
        assertThat(leases().acquire("tenant:a", "i2", T0.plusSeconds(31), T0.plusSeconds(61))).isEmpty();
    }

    @Test
    void acquire_afterExpiry_takesOverWithNextEpoch_andTheOldHolderCannotRenew() {
        leases().acquire("tenant:a", "i1", T0, T0.plus(TTL));

        assertThat(leases().acquire("tenant:a", "i2", T0.plus(TTL), T0.plusSeconds(60)))
                .contains(new LeaseToken("tenant:a", "i2", 2));
        assertThat(leases().renew("i1", List.of("tenant:a"), T0.plusSeconds(70))).isEmpty();
    }

    @Test
    void release_heldLease_freeForAnotherAtOnce() {
        leases().acquire("leader", "i1", T0, T0.plus(TTL));

        leases().release("i1", "leader", T0.plusSeconds(5));

        assertThat(leases().acquire("leader", "i2", T0.plusSeconds(5), T0.plusSeconds(35)))
                .contains(new LeaseToken("leader", "i2", 2));
    }

    @Test
    void heartbeat_thenLeave_rowGoneAndLongExpiredRowsForgotten() {
        leases().heartbeat("i1", T0, T0, T0.plus(TTL));
        leases().heartbeat("i2", T0, T0, T0.plus(TTL));
        leases().heartbeat("old", T0.minusSeconds(7200), T0.minusSeconds(7200), T0.minusSeconds(7170));

        assertThat(leases().instances()).extracting(i -> i.instanceId()).containsExactly("i1", "i2", "old");
        assertThat(leases().instances().get(0).alive(T0.plusSeconds(29))).isTrue();
        assertThat(leases().instances().get(0).alive(T0.plusSeconds(30))).isFalse();

        leases().leave("i1", T0.minusSeconds(3600));

        assertThat(leases().instances()).extracting(i -> i.instanceId()).containsExactly("i2");
    }

    @Test
    void upsertPage_fencedByAStaleToken_commitsNothing_currentTokenCommits() {
        LeaseToken stale = leases().acquire("tenant:f", "i1", T0, T0.plus(TTL)).orElseThrow();
        LeaseToken current = leases().acquire("tenant:f", "i2", T0.plus(TTL), T0.plusSeconds(60)).orElseThrow();
        Instant logEnd = T0.minusSeconds(60);

        assertThatThrownBy(() -> db.get().mpls().upsertPage("f", List.of(mpl("f", "g1", "COMPLETED", logEnd)),
                new CursorAdvance("mpl", logEnd, T0.plusSeconds(31), stale)))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("i1");
        assertThat(db.get().cursors().get("f", "mpl")).isEmpty();
        assertThat(db.get().mpls().count("f")).isZero();

        db.get().mpls().upsertPage("f", List.of(mpl("f", "g1", "COMPLETED", logEnd)),
                new CursorAdvance("mpl", logEnd, T0.plusSeconds(31), current));

        assertThat(db.get().cursors().get("f", "mpl")).map(PollCursor::watermark).contains(logEnd);
    }
}
