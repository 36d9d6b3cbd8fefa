package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.Database;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.MplRecord;
import io.cpimon.db.testing.MplRecords;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.simulator.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code retention.mpl}: expired days are dropped whole, the default partition is deleted in batches, the rest stays. */
class RetentionJobIT {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(5);

    @Test
    void runOnce_firstRun_createsTheDaysOfTheRetentionAndAheadThenMovesTheirRows() {
        try (Database db = TestDatabase.fresh()) {
            db.mpls().upsertPage("t1", List.of(MplRecords.mpl("t1", "yesterday", "COMPLETED", NOW.minus(Duration.ofDays(1)))), null);

            RetentionJob.Outcome outcome = new RetentionJob(db.mpls(), RETENTION, SimClock.fixed(NOW)).runOnce();

            LocalDate today = LocalDate.parse("2026-11-24");
            assertThat(outcome.partitions().created()).hasSize(9).startsWith(today.minusDays(5)).endsWith(today.plusDays(3));
            assertThat(outcome.partitions().rowsMoved()).isEqualTo(1);
            assertThat(db.mpls().partitionDays()).isEqualTo(outcome.partitions().created());
            assertThat(new RetentionJob(db.mpls(), RETENTION, SimClock.fixed(NOW)).runOnce())
                    .as("idempotent").extracting(o -> o.partitions().created().size(), RetentionJob.Outcome::deletedFromDefault)
                    .containsExactly(0, 0L);
        }
    }

    @Test
    void runOnce_daysPassAndTheDefaultHoldsMoreThanOneBatch_dropsExpiredDaysDeletesOldRowsKeepsTheRest() {
        try (Database db = TestDatabase.fresh()) {
            SimClock clock = SimClock.fixed(NOW);
            RetentionJob job = new RetentionJob(db.mpls(), RETENTION, clock);
            job.runOnce();
            List<MplRecord> rows = new ArrayList<>();
            for (int i = 0; i < RetentionJob.BATCH + 500; i++) { // older than any partition: the default partition
                rows.add(MplRecords.mpl("t1", "ancient-" + i, "COMPLETED", NOW.minus(Duration.ofDays(30)).plusSeconds(i)));
            }
            for (int d = 0; d <= 3; d++) {
                for (int i = 0; i < 100; i++) {
                    rows.add(MplRecords.mpl("t1", "day" + d + "-" + i, "COMPLETED", NOW.minus(Duration.ofDays(d)).minus(Duration.ofHours(1)).plusSeconds(i)));
                }
            }
            db.mpls().upsertPage("t1", rows, null);

            clock.advance(Duration.ofDays(3)); // now 2026-11-27T10:00Z, cutoff 2026-11-22T10:00Z
            RetentionJob.Outcome outcome = job.runOnce();

            assertThat(outcome.deletedFromDefault()).isEqualTo(RetentionJob.BATCH + 500);
            assertThat(outcome.partitions().dropped())
                    .containsExactly(LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-21"));
            assertThat(outcome.partitions().created())
                    .containsExactly(LocalDate.parse("2026-11-28"), LocalDate.parse("2026-11-29"), LocalDate.parse("2026-11-30"));
            assertThat(db.mpls().allOf("t1")).hasSize(300)
                    .as("day3 (2026-11-21) went whole; day2 (2026-11-22, ended before the cutoff) stays until its day ended")
                    .noneMatch(r -> r.messageGuid().startsWith("day3-") || r.messageGuid().startsWith("ancient-"));
        }
    }

    @Test
    void runOnce_twoProcessesAtOnce_bothSucceedAndLeaveOnePartitionPerDay() throws Exception {
        String url = TestDatabase.freshJdbcUrl();
        try (Database a = TestDatabase.open(url, 2);
             Database b = TestDatabase.open(url, 2);
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var first = CompletableFuture.supplyAsync(() -> new RetentionJob(a.mpls(), RETENTION, SimClock.fixed(NOW)).runOnce(), pool);
            var second = CompletableFuture.supplyAsync(() -> new RetentionJob(b.mpls(), RETENTION, SimClock.fixed(NOW)).runOnce(), pool);

            List<LocalDate> created = new ArrayList<>(first.get(60, TimeUnit.SECONDS).partitions().created());
            created.addAll(second.get(60, TimeUnit.SECONDS).partitions().created());

            assertThat(created).doesNotHaveDuplicates().hasSize(9);
            assertThat(a.mpls().partitionDays()).hasSize(9);
        }
    }

    @Test
    void runOnce_withTheForwardStore_prunesTheChangeLog_countsTheGapOfAForwarderBehindTheAgeLimit() {
        try (Database db = TestDatabase.fresh()) {
            db.forwarding().register(List.of("law", "otel"));
            MplRecord m = MplRecords.mpl("t1", "moving", "PROCESSING", null);
            db.mpls().upsertPage("t1", List.of(m), null);
            db.mpls().upsertPage("t1", List.of(MplRecords.withStatus(m, "RETRY", NOW)), null);
            db.mpls().upsertPage("t1", List.of(MplRecords.withStatus(m, "FAILED", NOW.plusSeconds(1))), null);
            var states = db.forwarding().changesAfter(ForwardPosition.START, 10);
            assertThat(states).extracting(c -> c.mpl().status()).containsExactly("PROCESSING", "RETRY", "FAILED");
            // otel has sent both replaced states, law only the first
            db.forwarding().advance("otel", states.get(1).position(), states.get(1), List.of(), NOW);
            db.forwarding().advance("law", states.get(0).position(), states.get(0), List.of(), NOW);

            RetentionJob.Outcome young = new RetentionJob(db.mpls(), db.forwarding(), RETENTION,
                    SimClock.fixed(Instant.now())).runOnce();
            assertThat(young.changeLog().passed()).as("PROCESSING: every forwarder passed it").isEqualTo(1);
            assertThat(young.changeLog().gaps()).isEmpty();

            RetentionJob.Outcome old = new RetentionJob(db.mpls(), db.forwarding(), RETENTION,
                    SimClock.fixed(Instant.now().plus(RETENTION).plus(Duration.ofDays(1)))).runOnce();
            assertThat(old.changeLog().expired()).as("RETRY, older than the retention").isEqualTo(1);
            assertThat(old.changeLog().gaps()).containsOnlyKeys("law").containsEntry("law", 1L);
            assertThat(db.forwarding().cursor("law").gapRows()).isEqualTo(1);
            assertThat(db.forwarding().cursor("otel").gapRows()).isZero();
        }
    }
}
