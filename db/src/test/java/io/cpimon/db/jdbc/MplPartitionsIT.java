package io.cpimon.db.jdbc;

import static io.cpimon.db.testing.MplRecords.mpl;
import static io.cpimon.db.testing.MplRecords.withDates;
import static io.cpimon.db.testing.MplRecords.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.db.DataAccessException;
import io.cpimon.db.Database;
import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import io.cpimon.db.MplStore.PartitionReport;
import io.cpimon.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The daily partitions of {@code mpl} (V40): where the upsert puts a message, that a message never becomes two rows
 * (undated first, dated later), the default partition, and retention's partition upkeep. One fresh database per test:
 * partitions are schema, {@link TestDatabase#reset} keeps them.
 */
class MplPartitionsIT {
    private static final LocalDate D = LocalDate.parse("2026-01-10");
    private static final Instant D_NOON = D.atTime(12, 0).toInstant(ZoneOffset.UTC);

    @Test
    void upsertPage_undatedFirstThenDatedInAPartitionedDay_updatesTheOneRow() {
        try (Database db = TestDatabase.fresh()) {
            db.mpls().maintainPartitions(dayStart(D), D.plusDays(1));
            MplRecord dated = mpl("t1", "retry", "COMPLETED", D_NOON);
            db.mpls().upsertPage("t1", List.of(withStatus(withDates(dated, null, null), "RETRY", null)), null);

            MplStore.UpsertResult later = db.mpls().upsertPage("t1", List.of(dated), null);

            assertThat(later.inserted()).isZero();
            assertThat(later.updated()).isEqualTo(1);
            assertThat(placesOf(db, "t1", "retry")).as("one row, still under its first day (not mpl_p20260110)")
                    .singleElement().asString().startsWith("mpl_default ").doesNotContain(D.toString());
            assertThat(db.mpls().allOf("t1")).singleElement().extracting(MplRecord::status).isEqualTo("COMPLETED");
            assertThat(db.mpls().upsertPage("t1", List.of(dated), null).unchanged()).as("re-poll").isEqualTo(1);
        }
    }

    @Test
    void upsertPage_datedFirstThenAnUndatedRead_updatesTheDatedRow() {
        try (Database db = TestDatabase.fresh()) {
            db.mpls().maintainPartitions(dayStart(D), D.plusDays(1));
            MplRecord dated = mpl("t1", "m", "PROCESSING", D_NOON);
            db.mpls().upsertPage("t1", List.of(dated), null);

            MplStore.UpsertResult undated = db.mpls().upsertPage("t1",
                    List.of(withStatus(withDates(dated, null, null), "RETRY", null)), null);

            assertThat(undated.inserted()).isZero();
            assertThat(placesOf(db, "t1", "m")).containsExactly("mpl_p20260110 2026-01-10");
        }
    }

    @Test
    void upsertPage_replayOfPagesOverSeveralDays_writesNothingAndKeepsFinalStatuses() {
        try (Database db = TestDatabase.fresh()) {
            db.mpls().maintainPartitions(dayStart(D), D.plusDays(2));
            List<MplRecord> page = new ArrayList<>();
            for (int day = -1; day <= 3; day++) { // -1 and 3: no partition, default
                for (int i = 0; i < 5; i++) {
                    page.add(mpl("t1", "m" + day + "-" + i, "COMPLETED", D_NOON.plus(Duration.ofDays(day)).plusSeconds(i)));
                }
            }
            assertThat(db.mpls().upsertPage("t1", page, null).inserted()).isEqualTo(25);

            MplStore.UpsertResult replay = db.mpls().upsertPage("t1", page, null);
            List<MplRecord> stale = page.stream()
                    .map(r -> withStatus(r, "PROCESSING", r.logStart().plusMillis(500))).toList();
            MplStore.UpsertResult older = db.mpls().upsertPage("t1", stale, null);

            assertThat(replay).isEqualTo(new MplStore.UpsertResult(0, 0, 25));
            assertThat(older).isEqualTo(new MplStore.UpsertResult(0, 0, 25));
            assertThat(db.mpls().allOf("t1")).hasSize(25).allSatisfy(r -> assertThat(r.status()).isEqualTo("COMPLETED"));
            assertThat(countIn(db, "mpl_p20260111")).isEqualTo(5);
            assertThat(countIn(db, "mpl_default")).isEqualTo(10);
        }
    }

    @Test
    void maintainPartitions_defaultHoldsRowsOfTheDay_movesThemIntoTheNewPartition() {
        try (Database db = TestDatabase.fresh()) {
            List<MplRecord> page = List.of(mpl("t1", "a", "COMPLETED", D_NOON), mpl("t1", "b", "FAILED", D_NOON.plusSeconds(5)),
                    mpl("t1", "other-day", "COMPLETED", D_NOON.plus(Duration.ofDays(5))));
            db.mpls().upsertPage("t1", page, null);
            assertThat(countIn(db, "mpl_default")).as("no partition yet").isEqualTo(3);

            PartitionReport report = db.mpls().maintainPartitions(dayStart(D), D);

            assertThat(report.created()).containsExactly(D);
            assertThat(report.rowsMoved()).isEqualTo(2);
            assertThat(placesOf(db, "t1", "a")).containsExactly("mpl_p20260110 2026-01-10");
            assertThat(countIn(db, "mpl_default")).isEqualTo(1);
            assertThat(db.mpls().upsertPage("t1", page, null)).as("re-poll after the move").isEqualTo(new MplStore.UpsertResult(0, 0, 3));
            assertThat(db.mpls().maintainPartitions(dayStart(D), D).created()).as("idempotent").isEmpty();
        }
    }

    @Test
    void maintainPartitions_daysEndedBeforeTheCutoff_dropsExactlyThemAndKeepsUnexpiredRows() {
        try (Database db = TestDatabase.fresh()) {
            db.mpls().maintainPartitions(dayStart(D), D.plusDays(4));
            List<MplRecord> page = new ArrayList<>();
            for (int day = 0; day <= 4; day++) {
                page.add(mpl("t1", "d" + day, "COMPLETED", D_NOON.plus(Duration.ofDays(day))));
            }
            // started on D, still running until D+3: its day is dropped, it is not expired
            MplRecord longRunning = withDates(mpl("t1", "long", "COMPLETED", D_NOON), D_NOON, D_NOON.plus(Duration.ofDays(3)));
            page.add(longRunning);
            db.mpls().upsertPage("t1", page, null);
            Instant cutoff = dayStart(D.plusDays(2)).plus(Duration.ofHours(18));

            PartitionReport report = db.mpls().maintainPartitions(cutoff, D.plusDays(5));

            assertThat(report.dropped()).containsExactly(D, D.plusDays(1));
            assertThat(report.rowsKept()).isEqualTo(1);
            assertThat(report.created()).containsExactly(D.plusDays(5));
            assertThat(db.mpls().partitionDays()).containsExactly(D.plusDays(2), D.plusDays(3), D.plusDays(4), D.plusDays(5));
            assertThat(db.mpls().allOf("t1")).extracting(MplRecord::messageGuid)
                    .as("d2 ended before the cutoff, but its day did not: day granularity")
                    .containsExactly("d2", "d3", "d4", "long");
            assertThat(placesOf(db, "t1", "long")).containsExactly("mpl_default 2026-01-10");

            MplRecord update = withStatus(longRunning, "FAILED", longRunning.logEnd().plusSeconds(1));
            assertThat(db.mpls().upsertPage("t1", List.of(update), null).updated()).as("still found").isEqualTo(1);
            assertThat(db.mpls().count("t1")).isEqualTo(4);
            assertThat(db.mpls().deleteEndedBefore(update.logEnd().plusSeconds(1), 100)).as("then expires in the default partition").isEqualTo(1);
            assertThat(db.mpls().maintainPartitions(cutoff, D.plusDays(5))).as("idempotent")
                    .isEqualTo(new PartitionReport(List.of(), List.of(), 0, 0, 0));
        }
    }

    @Test
    void maintainPartitions_undatedMessageOfADroppedDay_forgetsItsPartDayOnlyWhenItsRowIsGone() throws Exception {
        try (Database db = TestDatabase.fresh()) {
            db.mpls().upsertPage("t1", List.of(withStatus(withDates(mpl("t1", "u", "RETRY", null), null, null), "RETRY", null)), null);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            assertThat(undatedCount(db)).isEqualTo(1);

            db.mpls().maintainPartitions(dayStart(today.plusDays(1)).minusSeconds(1), today);
            assertThat(undatedCount(db)).as("row first seen today: not expired").isEqualTo(1);
            assertThat(placesOf(db, "t1", "u")).containsExactly(JdbcMplPartitions.name(today) + " " + today);

            db.mpls().maintainPartitions(dayStart(today.plusDays(3)), today.plusDays(3));
            assertThat(undatedCount(db)).isZero();
        }
    }

    @Test
    void maintainPartitions_twoProcessesAtOnce_eachDayIsCreatedOrDroppedOnce() throws Exception {
        String url = TestDatabase.freshJdbcUrl();
        try (Database a = TestDatabase.open(url, 2);
             Database b = TestDatabase.open(url, 2);
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            a.mpls().maintainPartitions(dayStart(D), D.plusDays(3));
            a.mpls().upsertPage("t1", List.of(mpl("t1", "x", "COMPLETED", D_NOON), mpl("t1", "y", "COMPLETED", D_NOON.plus(Duration.ofDays(3)))), null);
            Instant cutoff = dayStart(D.plusDays(2));
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<PartitionReport>> runs = new ArrayList<>();
            for (Database db : List.of(a, b)) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return db.mpls().maintainPartitions(cutoff, D.plusDays(12));
                }, pool));
            }
            PartitionReport ra = runs.get(0).get(30, TimeUnit.SECONDS);
            PartitionReport rb = runs.get(1).get(30, TimeUnit.SECONDS);

            List<LocalDate> created = new ArrayList<>(ra.created());
            created.addAll(rb.created());
            List<LocalDate> dropped = new ArrayList<>(ra.dropped());
            dropped.addAll(rb.dropped());
            Set<LocalDate> expectedCreated = new HashSet<>();
            for (LocalDate d = D.plusDays(4); !d.isAfter(D.plusDays(12)); d = d.plusDays(1)) {
                expectedCreated.add(d);
            }
            assertThat(created).as("each day once").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedCreated);
            assertThat(dropped).containsExactlyInAnyOrder(D, D.plusDays(1));
            assertThat(b.mpls().partitionDays()).hasSize(11).first().isEqualTo(D.plusDays(2));
            assertThat(b.mpls().allOf("t1")).extracting(MplRecord::messageGuid).containsExactly("y");
        }
    }

    @Test
    void maintainPartitions_aLongReadHoldsMpl_givesUpWithinTheLockTimeoutAndTheNextRunDoesIt() throws Exception {
        try (Database db = TestDatabase.fresh(); Connection reader = db.dataSource().getConnection()) {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.execute("SELECT count(*) FROM mpl"); // holds its lock on mpl until the transaction ends
            }
            long t0 = System.nanoTime();

            assertThatThrownBy(() -> db.mpls().maintainPartitions(dayStart(D), D)).isInstanceOf(DataAccessException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("lock_timeout, not a queue behind the reader")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(db.mpls().partitionDays()).as("rolled back").isEmpty();
            reader.commit();
            assertThat(db.mpls().maintainPartitions(dayStart(D), D).created()).containsExactly(D);
        }
    }

    @Test
    void migrationV40_rowsOfTheOldTable_keepEveryRowAndFindTheUndatedOnes() throws Exception {
        String url = TestDatabase.emptyJdbcUrl();
        Flyway.configure().dataSource(dataSource(url)).locations("classpath:db/migration").target("30").load().migrate();
        Instant recent = Instant.now().minus(Duration.ofDays(2));
        try (Connection c = dataSource(url).getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO mpl (tenant_id, message_guid, status, log_start, log_end, first_seen) VALUES"
                    + " ('t1', 'old', 'COMPLETED', '2020-01-01T10:00:00Z', '2020-01-01T10:00:01Z', '2020-01-01T10:00:02Z'),"
                    + " ('t1', 'recent', 'COMPLETED', '" + recent + "', '" + recent.plusSeconds(1) + "', '" + recent.plusSeconds(2) + "'),"
                    + " ('t1', 'undated', 'RETRY', NULL, NULL, '" + recent + "')");
        }
        try (Database db = TestDatabase.open(url, 2)) {
            LocalDate recentDay = LocalDate.ofInstant(recent, ZoneOffset.UTC);
            assertThat(db.mpls().partitionDays()).containsExactly(recentDay);
            assertThat(placesOf(db, "t1", "old")).containsExactly("mpl_default 2020-01-01");
            assertThat(placesOf(db, "t1", "recent")).containsExactly(JdbcMplPartitions.name(recentDay) + " " + recentDay);
            MplRecord dated = withDates(mpl("t1", "undated", "COMPLETED", null), recent.plusSeconds(3600), recent.plusSeconds(3601));
            assertThat(db.mpls().upsertPage("t1", List.of(dated), null).updated()).isEqualTo(1);
            assertThat(db.mpls().count("t1")).isEqualTo(3);
        }
    }

    private static Instant dayStart(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** "partition part_day" of each row of a message. */
    /** Where the rows of one message are stored: "<partition> <part_day>" each (shared with MplPartDayIT). */
    static List<String> placesOf(Database db, String tenant, String guid) {
        return query(db, "SELECT tableoid::regclass::text || ' ' || part_day FROM mpl WHERE tenant_id = ? AND message_guid = ?", tenant, guid);
    }

    private static long countIn(Database db, String table) {
        return Long.parseLong(query(db, "SELECT count(*) FROM " + table).getFirst());
    }

    private static long undatedCount(Database db) {
        return Long.parseLong(query(db, "SELECT count(*) FROM mpl_undated").getFirst());
    }

    private static List<String> query(Database db, String sql, String... params) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(TestDatabase.user());
        ds.setPassword(TestDatabase.password());
        return ds;
    }
}
