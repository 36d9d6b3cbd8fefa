package io.cpimon.ingest.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cpimon.db.LeaseToken;
import io.cpimon.db.testing.FreshDatabase;
import io.cpimon.simulator.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two coordinators on one real database and one controlled clock, rounds driven by hand: acquisition, renewal, the
 * even spread, rebalance when one joins and leaves, takeover after a holder stops renewing, one leader at a time.
 */
class LeaseCoordinatorIT {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final List<String> TENANTS = IntStream.range(0, 7).mapToObj(i -> "t" + i).toList();

    private final SimClock clock = SimClock.fixed(Instant.parse("2026-03-01T10:00:00Z"));

    /** The loops a coordinator runs: which tenant under which token, and every drop. */
    static final class Loops implements LeasedTenants {
        final Map<String, LeaseToken> running = new ConcurrentHashMap<>();
        final List<String> dropped = new ArrayList<>();
        /** A drop returns once this opens: a poll still running when its tenant is given up. */
        private final CountDownLatch pollsEnd;

        Loops() {
            this(new CountDownLatch(0));
        }

        Loops(CountDownLatch pollsEnd) {
            this.pollsEnd = pollsEnd;
        }

        @Override
        public List<String> configuredTenants() {
            return TENANTS;
        }

        @Override
        public boolean hold(String tenantId, LeaseToken lease) {
            running.put(tenantId, lease);
            return true;
        }

        @Override
        public void drop(String tenantId, Duration grace) {
            try {
                pollsEnd.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                running.remove(tenantId);
                dropped.add(tenantId);
            }
        }
    }

    private LeaseCoordinator coordinator(String id, Loops loops) {
        return new LeaseCoordinator(db.get().leases(), id, TTL, clock, loops);
    }

    @Test
    void round_alone_takesEveryTenantAndLeads_renewalKeepsThemPastTheTtl() {
        Loops a = new Loops();
        LeaseCoordinator ca = coordinator("a", a);

        ca.round();
        assertThat(a.running).containsOnlyKeys(TENANTS);
        assertThat(ca.leads()).isTrue();

        clock.advance(Duration.ofSeconds(20));
        ca.round();
        clock.advance(Duration.ofSeconds(20));

        assertThat(ca.leads()).isTrue();
        assertThat(db.get().leases().leases()).allSatisfy(l -> assertThat(l.held(clock.instant())).isTrue());
        assertThat(a.dropped).isEmpty();
    }

    @Test
    void round_secondInstanceJoins_tenantsRebalancedEvenly_oneLeader() {
        Loops a = new Loops();
        Loops b = new Loops();
        LeaseCoordinator ca = coordinator("a", a);
        LeaseCoordinator cb = coordinator("b", b);
        ca.round();

        cb.round(); // b's heartbeat is visible, but every lease is a's
        assertThat(b.running).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        ca.round(); // a gives its surplus up
        cb.round(); // b takes the freed leases

        assertThat(a.running.size()).isEqualTo(4);
        assertThat(b.running.size()).isEqualTo(3);
        Set<String> all = new HashSet<>(a.running.keySet());
        all.addAll(b.running.keySet());
        assertThat(all).containsExactlyInAnyOrderElementsOf(TENANTS);
        assertThat(a.running.keySet()).doesNotContainAnyElementsOf(b.running.keySet());
        assertThat(ca.leads()).isTrue();
        assertThat(cb.leads()).isFalse();
    }

    @Test
    void round_holderStopsRenewing_otherTakesOverAfterExpiryWithNewEpochs_andLeads() {
        Loops a = new Loops();
        Loops b = new Loops();
        LeaseCoordinator ca = coordinator("a", a);
        LeaseCoordinator cb = coordinator("b", b);
        ca.round();
        cb.round();
        clock.advance(Duration.ofSeconds(5));
        ca.round();
        cb.round();
        Map<String, LeaseToken> ofA = Map.copyOf(a.running);

        // a is killed: no more rounds, no release
        clock.advance(Duration.ofSeconds(29));
        cb.round();
        assertThat(b.running.keySet()).doesNotContainAnyElementsOf(ofA.keySet());
        assertThat(cb.leads()).isFalse();

        clock.advance(Duration.ofSeconds(1)); // a's leases and heartbeat expire now
        cb.round();

        assertThat(b.running).containsOnlyKeys(TENANTS);
        ofA.forEach((t, token) -> assertThat(b.running.get(t).epoch()).isEqualTo(token.epoch() + 1));
        assertThat(cb.leads()).isTrue();
        assertThat(ca.leads()).isFalse(); // its leader lease ran out on the clock too

        // a comes back from a pause: its renewal finds the leases taken, so its loops stop
        ca.round();
        assertThat(a.running).isEmpty();
        assertThat(a.dropped).containsAll(ofA.keySet());
    }

    @Test
    void round_givenUpTenantsStillPolling_roundReturnsAndKeepsRenewingThem_releasedWhenThePollsEnd() {
        CountDownLatch pollsEnd = new CountDownLatch(1);
        Loops a = new Loops(pollsEnd);
        Loops b = new Loops();
        LeaseCoordinator ca = coordinator("a", a);
        LeaseCoordinator cb = coordinator("b", b);
        ca.round();
        cb.round();
        clock.advance(Duration.ofSeconds(5));

        // a gives 3 tenants up while their polls run: its round does not wait for them
        assertTimeoutPreemptively(Duration.ofSeconds(20), ca::round);
        cb.round();
        assertThat(b.running).as("still a's until its polls end").isEmpty();
        // past the TTL since the give-up: a's rounds kept renewing them, so b still cannot take them
        clock.advance(Duration.ofSeconds(20));
        assertTimeoutPreemptively(Duration.ofSeconds(20), ca::round);
        clock.advance(Duration.ofSeconds(20));
        assertTimeoutPreemptively(Duration.ofSeconds(20), ca::round);
        cb.round();
        assertThat(b.running).isEmpty();
        assertThat(ca.leads()).isTrue();

        pollsEnd.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> db.get().leases().leases().stream()
                .filter(l -> l.holder().equals("a") && l.held(clock.instant())).count() == 5); // 4 tenants, leader
        cb.round();

        assertThat(b.running).hasSize(3);
        assertThat(a.running).hasSize(4).doesNotContainKeys(b.running.keySet().toArray(String[]::new));
        assertThat(a.dropped).containsExactlyInAnyOrderElementsOf(b.running.keySet());
    }

    @Test
    void close_releasesEverything_otherTakesAllAtOnce() {
        Loops a = new Loops();
        Loops b = new Loops();
        LeaseCoordinator ca = coordinator("a", a);
        LeaseCoordinator cb = coordinator("b", b);
        ca.round();
        cb.round();

        ca.close();
        assertThat(a.running).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        cb.round();

        assertThat(b.running).containsOnlyKeys(TENANTS);
        assertThat(cb.leads()).isTrue();
        assertThat(db.get().leases().instances()).extracting(i -> i.instanceId()).containsExactly("b");
    }

    @Test
    void share_tableOfTenantsAndInstances() {
        assertThat(LeaseCoordinator.share(7, 2)).isEqualTo(4);
        assertThat(LeaseCoordinator.share(6, 3)).isEqualTo(2);
        assertThat(LeaseCoordinator.share(0, 2)).isZero();
        assertThat(LeaseCoordinator.share(200, 1)).isEqualTo(200);
    }

    @Test
    void round_restartedUnderADefaultId_freesTheEndedProcessesLeasesAtOnce_notALiveNeighbours() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Process running = new ProcessBuilder("sleep", "120").start();
        try {
            Loops gone = new Loops();
            Loops neighbour = new Loops();
            LeaseCoordinator before = coordinator("host-" + ended.pid(), gone);
            before.round();
            LeaseCoordinator live = coordinator("host-" + running.pid(), neighbour);
            live.round();
            assertThat(gone.running).containsOnlyKeys(TENANTS);
            assertThat(neighbour.running).isEmpty();

            Loops restarted = new Loops();
            LeaseCoordinator after = coordinator(LeaseCoordinator.defaultInstanceId("host"), restarted);
            after.round();

            // two live instances now (the neighbour and the restarted one): the restarted takes its share at once
            assertThat(restarted.running).hasSize(LeaseCoordinator.share(TENANTS.size(), 2));
            assertThat(after.leads()).isTrue();
            assertThat(db.get().leases().instances()).extracting(i -> i.instanceId())
                    .doesNotContain("host-" + ended.pid()).contains("host-" + running.pid());
        } finally {
            running.destroyForcibly();
        }
    }
}
