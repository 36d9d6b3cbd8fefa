package io.cpimon.db.jdbc;

import io.cpimon.db.MplStore.PartitionReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daily partitions of {@code mpl} (V40): creates missing day partitions, moving that day's rows out of the default
 * partition, and drops expired ones, keeping their not yet expired rows in the default partition. Each partition is
 * created or dropped in its own transaction that first takes a transaction-scoped advisory lock (two cpimon processes
 * take turns and the second finds the work done) and then {@code mpl} in ACCESS EXCLUSIVE mode under a short lock
 * timeout (DDL on a partition needs it anyway; taking it first means no writer slips a row of that day into the wrong
 * place between the move and the DDL). Thread-safe; blocking.
 */
final class JdbcMplPartitions {
    /** Arbitrary constant: the advisory lock of mpl's partition maintenance. */
    static final long LOCK_KEY = 0x6d706c7061727473L; // "mplparts"
    /** A queued ACCESS EXCLUSIVE request blocks every later reader: give up quickly, the next run retries. */
    static final String LOCK_TIMEOUT = "3s";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'mpl_p'yyyyMMdd");
    private static final Pattern BOUND = Pattern.compile("FROM \\('(\\d{4}-\\d{2}-\\d{2})'\\) TO \\('(\\d{4}-\\d{2}-\\d{2})'\\)");
    /** A row of a dropped day that has not expired yet: it stays, in the default partition. */
    private static final String NOT_EXPIRED = "(log_end >= ? OR (log_end IS NULL AND first_seen >= ?))";

    private final JdbcTransactions tx;

    JdbcMplPartitions(JdbcTransactions tx) {
        this.tx = tx;
    }

    static String name(LocalDate day) {
        return NAME.format(day);
    }

    PartitionReport maintain(Instant cutoff, LocalDate lastDay) {
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(lastDay, "lastDay");
        LocalDate firstDay = LocalDate.ofInstant(cutoff, ZoneOffset.UTC);
        List<LocalDate> dropped = new ArrayList<>();
        long droppedRows = 0;
        long kept = 0;
        for (var e : partitions().entrySet()) {
            LocalDate day = e.getKey();
            if (!day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
                long[] outcome = drop(e.getValue(), cutoff);
                if (outcome != null) {
                    dropped.add(day);
                    droppedRows += outcome[0];
                    kept += outcome[1];
                }
            }
        }
        List<LocalDate> created = new ArrayList<>();
        long moved = 0;
        TreeMap<LocalDate, String> existing = partitions();
        for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
            if (!existing.containsKey(day)) {
                Long n = create(day);
                if (n != null) {
                    created.add(day);
                    moved += n;
                }
            }
        }
        forgetUndatedBefore(firstDay);
        return new PartitionReport(created, dropped, droppedRows, moved, kept);
    }

    /** The day partitions of mpl by their first day (the default partition is not listed). */
    TreeMap<LocalDate, String> partitions() {
        return tx.withConnection(c -> {
            TreeMap<LocalDate, String> out = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                            + " WHERE i.inhparent = 'mpl'::regclass")) {
                while (rs.next()) {
                    String bound = rs.getString(2); // null: being dropped by another process right now
                    Matcher m = BOUND.matcher(bound == null ? "" : bound);
                    if (m.find()) {
                        out.put(LocalDate.parse(m.group(1)), rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** @return rows moved out of the default partition, or null when another process created it meanwhile */
    private Long create(LocalDate day) {
        String name = name(day);
        return tx.inTransaction(c -> {
            lockExclusively(c);
            if (exists(c, name)) {
                return null;
            }
            long moved = 0;
            boolean hasRows;
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM mpl_default WHERE part_day = ?)")) {
                ps.setObject(1, day);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    hasRows = rs.getBoolean(1);
                }
            }
            if (hasRows) {
                execute(c, "CREATE TEMP TABLE mpl_moving (LIKE mpl) ON COMMIT DROP");
                try (PreparedStatement ps = c.prepareStatement(
                        "WITH moved AS (DELETE FROM mpl_default WHERE part_day = ? RETURNING *) INSERT INTO mpl_moving SELECT * FROM moved")) {
                    ps.setObject(1, day);
                    moved = ps.executeUpdate();
                }
            }
            execute(c, "CREATE TABLE " + name + " PARTITION OF mpl FOR VALUES FROM ('" + day + "') TO ('" + day.plusDays(1) + "')");
            if (hasRows) {
                execute(c, "INSERT INTO mpl SELECT * FROM mpl_moving");
                raiseSpans(c, "mpl_moving");
            }
            return moved;
        });
    }

    /** @return {rows dropped (estimate), rows kept in the default partition}, or null when already dropped */
    private long[] drop(String name, Instant cutoff) {
        return tx.inTransaction(c -> {
            lockExclusively(c);
            if (!exists(c, name)) {
                return null;
            }
            long estimate;
            try (PreparedStatement ps = c.prepareStatement("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = ?::regclass")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    estimate = rs.getLong(1);
                }
            }
            execute(c, "CREATE TEMP TABLE mpl_keep (LIKE mpl) ON COMMIT DROP");
            long kept;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mpl_keep SELECT * FROM " + name + " WHERE " + NOT_EXPIRED)) {
                SqlTypes.setInstant(ps, 1, cutoff);
                SqlTypes.setInstant(ps, 2, cutoff);
                kept = ps.executeUpdate();
            }
            execute(c, "DROP TABLE " + name);
            if (kept > 0) {
                // no partition holds this day any more: they land in the default partition, keeping their part_day
                execute(c, "INSERT INTO mpl SELECT * FROM mpl_keep");
                raiseSpans(c, "mpl_keep");
            }
            return new long[] {Math.max(0, estimate - kept), kept};
        });
    }

    /**
     * Keeps the day spans (V116) covering the rows of {@code table} put back into mpl. A moved row keeps its part_day
     * and LogEnd, so its span covers it already and this raises nothing and waits on nobody; it keeps every writer of
     * mpl rows a writer of their spans (V160).
     */
    private static void raiseSpans(Connection c, String table) throws SQLException {
        execute(c, "SELECT mpl_day_span_raise(array_agg(tenant_id), array_agg(part_day), array_agg(log_end)) FROM ("
                + "SELECT tenant_id, part_day, max(log_end) AS log_end FROM " + table + " GROUP BY tenant_id, part_day) latest");
    }

    /** Undated-first messages of days that have no partition any more and whose row is gone. */
    private void forgetUndatedBefore(LocalDate firstDay) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mpl_undated u WHERE u.part_day < ? AND NOT EXISTS ("
                    + "SELECT 1 FROM mpl_default m WHERE m.tenant_id = u.tenant_id AND m.message_guid = u.message_guid"
                    + " AND m.part_day = u.part_day)")) {
                ps.setObject(1, firstDay);
                return ps.executeUpdate();
            }
        });
    }

    private static void lockExclusively(Connection c) throws SQLException {
        // the other process's step is short: wait for it without a timeout
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            ps.execute();
        }
        execute(c, "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
        execute(c, "LOCK TABLE mpl IN ACCESS EXCLUSIVE MODE");
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
