package io.cpimon.db.jdbc;

import static io.cpimon.db.testing.MplRecords.mpl;
import static io.cpimon.db.testing.MplRecords.withDates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cpimon.db.MplRecord;
import io.cpimon.db.RuleQueries.EndedCount;
import io.cpimon.db.RuleQueries.LastSent;
import io.cpimon.db.testing.FreshDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rules' queries bound mpl by part_day from the day spans (V116) and still find every MPL of their window: a
 * message that started days ago and ended now is stored under its LogStart's old day, which its span keeps in reach.
 * The spans are written by mpl's writers in the transaction of their rows (V160): the store's COPY and upsert paths,
 * and {@code mpl_day_span_cover_stored()} for rows written around the store.
 */
class RuleQueriesPruningIT {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    private static final Instant NOW = Instant.parse("2026-03-20T12:00:00Z");

    @BeforeEach
    void partitions() {
        db.get().mpls().maintainPartitions(NOW.minus(Duration.ofDays(12)), LocalDate.parse("2026-03-21"));
    }

    @Test
    void endedCounts_longRunningMessageOfAnOldDay_isCounted() {
        List<MplRecord> page = new ArrayList<>();
        for (int d = 10; d >= 1; d--) {
            Instant start = NOW.minus(Duration.ofDays(d));
            page.add(withDates(mpl("t1", "old-" + d, "COMPLETED", null), start, start.plusSeconds(2)));
        }
        // started 9 days ago, ended a minute ago: stored in the partition of 2026-03-11
        page.add(withDates(mpl("t1", "long", "FAILED", null), NOW.minus(Duration.ofDays(9)), NOW.minusSeconds(60)));
        page.add(withDates(mpl("t1", "recent", "COMPLETED", null), NOW.minusSeconds(120), NOW.minusSeconds(119)));
        db.get().mpls().upsertPage("t1", page, null);

        List<EndedCount> counts = db.get().ruleQueries().endedCounts(NOW.minus(Duration.ofMinutes(15)), NOW);

        assertThat(counts).extracting(EndedCount::ended, EndedCount::failed).containsExactly(tuple(2L, 1L));
    }

    @Test
    void lastSent_messageEndedLaterByAnUpdate_isSeenThroughItsRaisedSpan() {
        Instant start = NOW.minus(Duration.ofDays(8));
        db.get().mpls().upsertPage("t1", List.of(withDates(mpl("t1", "m", "PROCESSING", null), start, start.plusSeconds(1))), null);
        db.get().mpls().upsertPage("t1", List.of(withDates(mpl("t1", "m", "COMPLETED", null), start, NOW.minusSeconds(5))), null);

        assertThat(db.get().ruleQueries().lastSent(NOW.minus(Duration.ofHours(1)))).extracting(LastSent::logEnd)
                .containsExactly(NOW.minusSeconds(5));
    }

    @Test
    void daySpans_everyWriter_keepsTheLatestEndPerTenantAndDay() throws Exception {
        Instant start = NOW.minus(Duration.ofDays(3));
        db.get().mpls().upsertPage("t1", List.of(withDates(mpl("t1", "a", "COMPLETED", null), start, start.plusSeconds(9)),
                withDates(mpl("t1", "b", "COMPLETED", null), start, start.plusSeconds(4))), null);
        try (Connection c = db.get().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tenant_id, part_day, max_log_end FROM mpl_day_span")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("t1");
            assertThat(rs.getObject(2, LocalDate.class)).isEqualTo(LocalDate.parse("2026-03-17"));
            assertThat(rs.getObject(3, OffsetDateTime.class).toInstant()).isEqualTo(start.plusSeconds(9));
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void daySpans_upsertRaisingLogEnd_raisesTheSpanAndAnOlderReplayNeverLowersIt() throws Exception {
        Instant start = NOW.minus(Duration.ofDays(2));
        db.get().mpls().upsertPage("t1", List.of(withDates(mpl("t1", "m", "PROCESSING", null), start, start.plusSeconds(1))), null);
        assertThat(spans()).containsExactly("t1 2026-03-18 " + start.plusSeconds(1));

        // stored already: the staged upsert, whose update raises the span
        db.get().mpls().upsertPage("t1", List.of(withDates(mpl("t1", "m", "COMPLETED", null), start, start.plusSeconds(60)),
                withDates(mpl("t1", "undated", "RETRY", null), null, null)), null);
        assertThat(spans()).containsExactly("t1 2026-03-18 " + start.plusSeconds(60));

        // an older state of it (not written) and a new message that ends earlier: the span stays
        db.get().mpls().upsertPage("t1", List.of(withDates(mpl("t1", "m", "PROCESSING", null), start, start.plusSeconds(2)),
                withDates(mpl("t1", "n", "COMPLETED", null), start, start.plusSeconds(30))), null);
        assertThat(spans()).containsExactly("t1 2026-03-18 " + start.plusSeconds(60));
    }

    @Test
    void daySpans_pageOfSeveralDays_oneSpanPerTenantAndDay() throws Exception {
        List<MplRecord> page = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Instant start = NOW.minus(Duration.ofDays(1 + i % 3)).plusSeconds(i);
            page.add(withDates(mpl("t2", "g" + i, "COMPLETED", null), start, start.plusSeconds(100L * i)));
        }
        page.add(withDates(mpl("t2", "running", "PROCESSING", null), NOW.minus(Duration.ofDays(4)), null));
        db.get().mpls().upsertPage("t2", page, null);

        assertThat(spans()).containsExactly(
                "t2 2026-03-17 " + NOW.minus(Duration.ofDays(3)).plusSeconds(5).plusSeconds(500),
                "t2 2026-03-18 " + NOW.minus(Duration.ofDays(2)).plusSeconds(4).plusSeconds(400),
                "t2 2026-03-19 " + NOW.minus(Duration.ofDays(1)).plusSeconds(3).plusSeconds(300));
    }

    @Test
    void daySpans_writeThatRaisesNothing_doesNotWaitForAnotherTransactionHoldingTheSpan() throws Exception {
        Instant start = NOW.minus(Duration.ofDays(1));
        db.get().mpls().upsertPage("t1", List.of(withDates(mpl("t1", "a", "COMPLETED", null), start, start.plusSeconds(90))), null);
        try (Connection holder = db.get().dataSource().getConnection(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("UPDATE mpl_day_span SET max_log_end = max_log_end + interval '1 second' WHERE tenant_id = 't1'");

            // a new message (COPY path) and a re-read of a stored one (upsert path), both ending before the span
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> db.get().mpls().upsertPage("t1", List.of(
                    withDates(mpl("t1", "b", "COMPLETED", null), start, start.plusSeconds(10)),
                    withDates(mpl("t1", "a", "COMPLETED", null), start, start.plusSeconds(90))), null));

            assertThat(writer).succeedsWithin(Duration.ofSeconds(20));
            holder.rollback();
        }
        assertThat(db.get().mpls().count("t1")).isEqualTo(2);
    }

    @Test
    void daySpans_rowsWrittenAroundTheStore_coveredByTheSpanFunction() throws Exception {
        try (Connection c = db.get().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO mpl (tenant_id, message_guid, status, log_start, log_end, part_day) VALUES"
                    + " ('t3', 'x', 'COMPLETED', '2026-03-15T10:00:00Z', '2026-03-19T10:00:00Z', '2026-03-15'),"
                    + " ('t3', 'y', 'COMPLETED', '2026-03-15T11:00:00Z', '2026-03-15T11:00:01Z', '2026-03-15'),"
                    + " ('t3', 'z', 'PROCESSING', '2026-03-16T11:00:00Z', NULL, '2026-03-16')");
            assertThat(spans()).as("no trigger writes them").isEmpty();
            try (ResultSet rs = s.executeQuery("SELECT mpl_day_span_cover_stored()")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
        assertThat(spans()).containsExactly("t3 2026-03-15 2026-03-19T10:00:00Z");
        assertThat(db.get().ruleQueries().endedCounts(Instant.parse("2026-03-19T09:00:00Z"), NOW))
                .extracting(EndedCount::ended).containsExactly(1L);
    }

    @Test
    void mpl_noInsertTriggerWithATransitionTable_soCopyBatchesRows() throws Exception {
        // PostgreSQL inserts row by row into a partitioned table that has one (CopyFrom: CIM_SINGLE)
        try (Connection c = db.get().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_trigger t JOIN pg_inherits i ON true"
                     + " WHERE t.tgnewtable IS NOT NULL AND (t.tgrelid = 'mpl'::regclass"
                     + " OR (t.tgrelid = i.inhrelid AND i.inhparent = 'mpl'::regclass))")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    /** "tenant part_day max_log_end" of every day span, in that order. */
    private static List<String> spans() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.get().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tenant_id, part_day, max_log_end FROM mpl_day_span ORDER BY 1, 2")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getObject(2, LocalDate.class) + " "
                        + rs.getObject(3, OffsetDateTime.class).toInstant());
            }
        }
        return out;
    }
}
