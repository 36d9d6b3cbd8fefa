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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rules' queries bound mpl by part_day from the day spans (V116) and still find every MPL of their window: a
 * message that started days ago and ended now is stored under its LogStart's old day, which its span keeps in reach.
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
}
