package io.cpimon.db.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cpimon.db.ChannelBacklog;
import io.cpimon.db.NewNotification;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationGroup;
import io.cpimon.db.NotificationState;
import io.cpimon.db.NotificationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The contract of the notification outbox. Extend it with a fresh, empty store per test. */
public abstract class NotificationStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    protected abstract NotificationStore notifications();

    private static NewNotification row(String dedupKey, Instant dueAt) {
        return new NewNotification(null, "ops-teams", dedupKey, "pair=prod", "{\"title\":\"" + dedupKey + "\"}", dueAt);
    }

    @Test
    void enqueue_newRows_arePendingWithZeroAttempts() {
        List<Notification> rows = notifications().enqueue(List.of(row("a", T0), row("b", T0.plusSeconds(5))));

        assertThat(rows).extracting(Notification::dedupKey).containsExactly("a", "b");
        assertThat(rows).allSatisfy(n -> {
            assertThat(n.state()).isEqualTo(NotificationState.PENDING);
            assertThat(n.attempts()).isZero();
            assertThat(n.channel()).isEqualTo("ops-teams");
            assertThat(n.groupKey()).isEqualTo("pair=prod");
            assertThat(n.alertId()).isNull();
            assertThat(n.createdAt()).isNotNull();
        });
        assertThat(rows.get(1).nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void enqueue_existingDedupKey_isSkipped() {
        notifications().enqueue(List.of(row("a", T0)));

        List<Notification> second = notifications().enqueue(List.of(row("a", T0), row("b", T0)));

        assertThat(second).extracting(Notification::dedupKey).containsExactly("b");
        assertThat(notifications().list(null, 10)).hasSize(2);
    }

    @Test
    void claimDue_dueRows_claimsOldestFirstAndPushesThemByTheLease() {
        notifications().enqueue(List.of(row("late", T0.plusSeconds(60)), row("second", T0.minusSeconds(5)),
                row("first", T0.minusSeconds(10)), row("now", T0)));

        List<Notification> claimed = notifications().claimDue(T0, 2, LEASE);

        assertThat(claimed).extracting(Notification::dedupKey).containsExactly("first", "second");
        assertThat(claimed).allSatisfy(n -> {
            assertThat(n.attempts()).isEqualTo(1);
            assertThat(n.nextAttemptAt()).isEqualTo(T0.plus(LEASE));
            assertThat(n.state()).isEqualTo(NotificationState.PENDING);
        });
        assertThat(notifications().claimDue(T0, 10, LEASE)).extracting(Notification::dedupKey).containsExactly("now");
        assertThat(notifications().claimDue(T0, 10, LEASE)).isEmpty();
    }

    @Test
    void claimDue_afterTheLease_claimsTheRowAgain() {
        notifications().enqueue(List.of(row("a", T0)));
        notifications().claimDue(T0, 10, LEASE);

        assertThat(notifications().claimDue(T0.plus(LEASE).minusMillis(1), 10, LEASE)).isEmpty();
        List<Notification> again = notifications().claimDue(T0.plus(LEASE), 10, LEASE);

        assertThat(again).singleElement().satisfies(n -> {
            assertThat(n.dedupKey()).isEqualTo("a");
            assertThat(n.attempts()).isEqualTo(2);
        });
    }

    @Test
    void claimDue_twoConcurrentClaimers_neverGetTheSameRow() throws Exception {
        int rows = 300;
        notifications().enqueue(IntStream.range(0, rows).mapToObj(i -> row("n" + i, T0.minusSeconds(i))).toList());
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<List<Long>> claimer = () -> {
            start.await();
            List<Long> ids = new ArrayList<>();
            List<Notification> batch;
            while (!(batch = notifications().claimDue(T0, 7, LEASE)).isEmpty()) {
                batch.forEach(n -> ids.add(n.id()));
            }
            return ids;
        };
        List<Long> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<List<Long>> a = pool.submit(claimer);
            Future<List<Long>> b = pool.submit(claimer);
            all.addAll(a.get());
            all.addAll(b.get());
        }

        assertThat(all).hasSize(rows).doesNotHaveDuplicates();
    }

    @Test
    void markSent_claimedRow_isSentAndNeverClaimedAgain() {
        long id = notifications().enqueue(List.of(row("a", T0))).getFirst().id();
        notifications().claimDue(T0, 1, LEASE);

        notifications().markSent(id, T0.plusSeconds(1), "INC0010001");

        assertThat(notifications().list(NotificationState.SENT, 10)).singleElement().satisfies(n -> {
            assertThat(n.sentAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(n.externalRef()).isEqualTo("INC0010001");
        });
        assertThat(notifications().claimDue(T0.plus(Duration.ofDays(1)), 10, LEASE)).isEmpty();
    }

    @Test
    void markRetry_pendingRow_isDueAgainAtTheGivenTime() {
        long id = notifications().enqueue(List.of(row("a", T0))).getFirst().id();
        notifications().claimDue(T0, 1, LEASE);

        notifications().markRetry(id, T0.plusSeconds(5), "HTTP 429");

        assertThat(notifications().claimDue(T0.plusSeconds(4), 10, LEASE)).isEmpty();
        assertThat(notifications().claimDue(T0.plusSeconds(5), 10, LEASE)).singleElement().satisfies(n -> {
            assertThat(n.lastError()).isEqualTo("HTTP 429");
            assertThat(n.attempts()).isEqualTo(2);
        });
    }

    @Test
    void markDead_row_isDeadAndStaysDead() {
        long id = notifications().enqueue(List.of(row("a", T0))).getFirst().id();

        notifications().markDead(id, T0.plusSeconds(1), "HTTP 400: bad card");
        notifications().markRetry(id, T0.plusSeconds(2), "late retry");

        assertThat(notifications().list(NotificationState.DEAD, 10)).singleElement().satisfies(n -> {
            assertThat(n.lastError()).isEqualTo("HTTP 400: bad card");
            assertThat(n.state()).isEqualTo(NotificationState.DEAD);
        });
        assertThat(notifications().claimDue(T0.plus(Duration.ofDays(1)), 10, LEASE)).isEmpty();
    }

    @Test
    void countByState_everyState_isCountedIncludingZero() {
        List<Notification> rows = notifications().enqueue(List.of(row("a", T0), row("b", T0), row("c", T0)));
        notifications().markSent(rows.get(0).id(), T0, null);

        assertThat(notifications().countByState()).containsOnly(
                Map.entry(NotificationState.PENDING, 2L),
                Map.entry(NotificationState.SENT, 1L),
                Map.entry(NotificationState.DEAD, 0L));
    }

    @Test
    void list_noFilter_newestFirstUpToLimit() {
        notifications().enqueue(List.of(row("a", T0)));
        notifications().enqueue(List.of(row("b", T0)));
        notifications().enqueue(List.of(row("c", T0)));

        assertThat(notifications().list(null, 2)).extracting(Notification::dedupKey).containsExactly("c", "b");
        assertThat(notifications().list(NotificationState.SENT, 10)).isEmpty();
    }

    private static NewNotification grouped(String dedupKey, String group, String channel, Instant dueAt) {
        return new NewNotification(null, channel, dedupKey, group, "{\"k\":\"" + dedupKey + "\"}", dueAt);
    }

    @Test
    void dueGroups_pendingDueRows_oneEntryPerGroupAndChannelMostOverdueFirst() {
        notifications().enqueue(List.of(grouped("a1", "g1", "teams", T0.plusSeconds(5)), grouped("a2", "g1", "teams", T0),
                grouped("b1", "g2", "teams", T0.minusSeconds(5)), grouped("c1", "g1", "mail", T0.plusSeconds(60)),
                grouped("ungrouped", null, "teams", T0)));

        assertThat(notifications().dueGroups(T0.plusSeconds(10), 10)).extracting(g -> g.groupKey() + "/" + g.channel())
                .containsExactly("g2/teams", "g1/teams");
    }

    @Test
    void claimGroup_takesDueAndNeverAttemptedRowsOfTheGroupOnly_notLeasedOnes() {
        notifications().enqueue(List.of(grouped("a1", "g1", "teams", T0), grouped("a2", "g1", "teams", T0.plusSeconds(30)),
                grouped("b1", "g2", "teams", T0), grouped("c1", "g1", "mail", T0)));

        List<Notification> first = notifications().claimGroup("g1", "teams", T0, LEASE);
        List<Notification> second = notifications().claimGroup("g1", "teams", T0, LEASE);

        assertThat(first).extracting(Notification::dedupKey).containsExactly("a1", "a2");
        assertThat(first).allSatisfy(n -> assertThat(n.attempts()).isEqualTo(1));
        assertThat(second).as("leased by the first claim").isEmpty();
        assertThat(notifications().claimGroup("g1", "teams", T0.plus(LEASE), LEASE)).hasSize(2);
    }

    @Test
    void postpone_pendingRow_movesDueTimeAndGivesTheAttemptBack() {
        Notification n = notifications().enqueue(List.of(grouped("a1", "g1", "teams", T0))).get(0);
        notifications().claimGroup("g1", "teams", T0, LEASE);

        notifications().postpone(n.id(), T0.plusSeconds(300), null);

        Notification after = notifications().list(NotificationState.PENDING, 10).get(0);
        assertThat(after.attempts()).isZero();
        assertThat(after.nextAttemptAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(notifications().dueGroups(T0.plusSeconds(299), 10)).isEmpty();
    }

    @Test
    void wakeRetries_onlyTheChannelsRowsWaitingForARetry_becomeDueNow() {
        List<Notification> rows = notifications().enqueue(List.of(grouped("retry", "g1", "teams", T0),
                grouped("held", "g2", "teams", T0), grouped("leased", "g3", "teams", T0),
                grouped("other", "g4", "mail", T0)));
        notifications().claimDue(T0, 10, LEASE);
        notifications().markRetry(rows.get(0).id(), T0.plusSeconds(600), "HTTP 503");
        notifications().postpone(rows.get(1).id(), T0.plusSeconds(300), null);
        notifications().markRetry(rows.get(3).id(), T0.plusSeconds(600), "HTTP 503");

        assertThat(notifications().wakeRetries("teams", T0.plusSeconds(1))).isEqualTo(1);

        assertThat(notifications().dueGroups(T0.plusSeconds(1), 10)).extracting(NotificationGroup::groupKey)
                .containsExactly("g1");
        assertThat(notifications().wakeRetries("teams", T0.plusSeconds(2))).as("woken once").isZero();
    }

    @Test
    void retryAndDiscard_deadRowBackToPending_sentRowRefused() {
        List<Notification> rows = notifications().enqueue(List.of(grouped("dead", "g1", "teams", T0),
                grouped("sent", "g2", "teams", T0), grouped("gone", "g3", "teams", T0)));
        notifications().claimDue(T0, 10, LEASE);
        notifications().markDead(rows.get(0).id(), T0, "HTTP 404");
        notifications().markSent(rows.get(1).id(), T0, null);
        notifications().markDead(rows.get(2).id(), T0, "HTTP 404");

        assertThat(notifications().retry(rows.get(0).id(), T0.plusSeconds(60))).isTrue();
        assertThat(notifications().get(rows.get(0).id())).hasValueSatisfying(n -> {
            assertThat(n.state()).isEqualTo(NotificationState.PENDING);
            assertThat(n.attempts()).isZero();
            assertThat(n.nextAttemptAt()).isEqualTo(T0.plusSeconds(60));
        });
        assertThat(notifications().retry(rows.get(0).id(), T0.plusSeconds(60))).as("not DEAD any more").isFalse();
        assertThat(notifications().retry(rows.get(1).id(), T0.plusSeconds(60))).isFalse();
        assertThat(notifications().discard(rows.get(1).id())).as("sent rows stay").isFalse();
        assertThat(notifications().discard(rows.get(2).id())).isTrue();
        assertThat(notifications().get(rows.get(2).id())).isEmpty();
        assertThat(notifications().discard(424_242L)).isFalse();
    }

    @Test
    void countByChannel_rowsPerChannelAndState() {
        List<Notification> rows = notifications().enqueue(List.of(grouped("a1", "g1", "teams", T0), grouped("a2", "g1", "teams", T0),
                grouped("b1", "g1", "mail", T0)));
        notifications().markDead(rows.get(1).id(), T0, "gone");

        Map<String, Map<NotificationState, Long>> counts = notifications().countByChannel();

        assertThat(counts.get("teams")).containsEntry(NotificationState.PENDING, 1L).containsEntry(NotificationState.DEAD, 1L)
                .containsEntry(NotificationState.SENT, 0L);
        assertThat(counts.get("mail")).containsEntry(NotificationState.PENDING, 1L);
    }

    @Test
    void backlog_perChannel_queueBackoffLastDeliveryAndTheCurrentError() {
        List<Notification> rows = notifications().enqueue(List.of(row("a", T0), row("b", T0), row("c", T0),
                new NewNotification(null, "mail", "d", "g", "{}", T0)));
        notifications().claimDue(T0, 10, LEASE);
        notifications().markSent(rows.get(0).id(), T0.plusSeconds(1), "ref");
        notifications().markDead(rows.get(1).id(), T0.plusSeconds(2), "HTTP 410");
        notifications().markRetry(rows.get(2).id(), T0.plusSeconds(60), "HTTP 503");

        ChannelBacklog teams = notifications().backlog().get("ops-teams");
        assertThat(teams).isEqualTo(new ChannelBacklog("ops-teams", 1, 1, 1, 1, T0.plusSeconds(1), T0.plusSeconds(60),
                "HTTP 503"));
        assertThat(notifications().backlog().get("mail").lastSentAt()).isNull();
        assertThat(notifications().list(NotificationState.DEAD, "ops-teams", 10)).extracting(Notification::lastError,
                Notification::deadAt).containsExactly(tuple("HTTP 410", T0.plusSeconds(2)));
        assertThat(notifications().list(null, "mail", 10)).extracting(Notification::dedupKey).containsExactly("d");
    }
}
