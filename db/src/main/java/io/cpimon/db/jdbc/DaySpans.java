package io.cpimon.db.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The latest LogEnd stored per part_day (V116's {@code mpl_day_span}, over all tenants): the partitions a query for
 * MPLs ending after an instant needs start at the first day whose latest LogEnd is after it. A snapshot; the
 * rules' queries and the message search take their {@code part_day} bound from it.
 */
record DaySpans(NavigableMap<LocalDate, Instant> latestEnd) {
    static DaySpans read(Connection c) throws SQLException {
        NavigableMap<LocalDate, Instant> latest = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT part_day, max(max_log_end) FROM mpl_day_span GROUP BY part_day")) {
            while (rs.next()) {
                latest.put(rs.getObject(1, LocalDate.class), SqlTypes.getInstant(rs, "max"));
            }
        }
        return new DaySpans(latest);
    }

    /** The first part_day that can hold an MPL with {@code log_end > after}; when none can, {@code after}'s day. */
    LocalDate firstFor(Instant after) {
        for (Map.Entry<LocalDate, Instant> e : latestEnd.entrySet()) {
            if (e.getValue().isAfter(after)) {
                return e.getKey();
            }
        }
        return LocalDate.ofInstant(after, ZoneOffset.UTC);
    }

    /**
     * The first part_day a search for MPLs that ended at or after {@code since}, or are still running and started
     * at or after it, has to read: the earlier of {@link #firstFor} and {@code since}'s own UTC day (part_day is the
     * day of LogStart).
     */
    LocalDate firstForSearch(Instant since) {
        LocalDate started = LocalDate.ofInstant(since, ZoneOffset.UTC);
        LocalDate ended = firstFor(since.minusNanos(1));
        return ended.isBefore(started) ? ended : started;
    }
}
