package io.cpimon.db.jdbc;

import io.cpimon.db.ContentStore;
import io.cpimon.db.RuleQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules' queries on PostgreSQL. Each one reads a bounded LogEnd window through {@code mpl_log_end_counts_idx},
 * the partial indexes of V20 ({@code mpl_failed_log_end_idx}, {@code mpl_running_log_start_idx}),
 * {@code mpl_business_key_idx} or {@code mpl_change_idx}; the artifact, keystore and forward cursor tables are small.
 * The LogEnd windows are also bounded by day partition ({@code part_day >= ?}, from the day spans of V116), so that
 * they visit the days that can hold such MPLs, not every day retention keeps.
 * Thread-safe; blocking.
 */
public final class JdbcRuleQueries implements RuleQueries {
    private static final String FINAL = "('COMPLETED', 'FAILED', 'ESCALATED', 'DISCARDED', 'CANCELLED')";
    private static final String FAILED = "('FAILED', 'ESCALATED')";

    private final JdbcTransactions tx;
    private final ContentStore content;

    public JdbcRuleQueries(JdbcTransactions tx, ContentStore content) {
        this.tx = tx;
        this.content = content;
    }

    @Override
    public ContentStore content() {
        return content;
    }

    @Override
    public List<EndedCount> endedCounts(Instant from, Instant to) {
        return prunedQuery("SELECT tenant_id, integration_flow_name, count(*) AS ended,"
                + " count(*) FILTER (WHERE status IN " + FAILED + ") AS failed"
                + " FROM mpl WHERE log_end > ? AND log_end <= ? AND part_day >= ? AND status IN " + FINAL
                + " GROUP BY tenant_id, integration_flow_name", (ps, days) -> {
            SqlTypes.setInstant(ps, 1, from);
            SqlTypes.setInstant(ps, 2, to);
            ps.setObject(3, days.firstFor(from));
        }, rs -> new EndedCount(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
    }

    @Override
    public List<DayCount> baselineCounts(Instant from, Instant to, int days) {
        // one range scan of mpl_log_end_idx per day back, as UNION ALL: each branch is a plain index range
        StringBuilder sql = new StringBuilder();
        for (int k = 1; k <= days; k++) {
            if (k > 1) {
                sql.append(" UNION ALL ");
            }
            sql.append("SELECT tenant_id, integration_flow_name, ").append(k).append(" AS k, count(*) FROM mpl")
                    .append(" WHERE log_end > ? AND log_end <= ? AND part_day >= ? AND status IN ").append(FINAL)
                    .append(" GROUP BY tenant_id, integration_flow_name");
        }
        return prunedQuery(sql.toString(), (ps, spans) -> {
            for (int k = 1; k <= days; k++) {
                SqlTypes.setInstant(ps, 3 * k - 2, from.minus(Duration.ofDays(k)));
                SqlTypes.setInstant(ps, 3 * k - 1, to.minus(Duration.ofDays(k)));
                ps.setObject(3 * k, spans.firstFor(from.minus(Duration.ofDays(k))));
            }
        }, rs -> new DayCount(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4)));
    }

    @Override
    public List<FailedGroup> failedGroups(Instant since) {
        return prunedQuery("SELECT DISTINCT ON (tenant_id, integration_flow_name) tenant_id, integration_flow_name,"
                + " count(*) OVER (PARTITION BY tenant_id, integration_flow_name) AS n,"
                + " message_guid, log_end, error_text, alternate_web_link"
                + " FROM mpl WHERE status = 'FAILED' AND log_end > ? AND part_day >= ?"
                + " ORDER BY tenant_id, integration_flow_name, (error_text IS NULL), log_end DESC, message_guid", (ps, days) -> {
                    SqlTypes.setInstant(ps, 1, since);
                    ps.setObject(2, days.firstFor(since));
                },
                rs -> new FailedGroup(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        SqlTypes.getInstant(rs, "log_end"), rs.getString(6), rs.getString(7)));
    }

    @Override
    public List<RunningMessage> running(Instant startedBefore, int limit) {
        return query("SELECT tenant_id, integration_flow_name, message_guid, status, log_start, alternate_web_link"
                + " FROM mpl WHERE status IN ('PROCESSING', 'RETRY') AND log_start < ?"
                + " ORDER BY log_start, tenant_id, message_guid LIMIT ?", ps -> {
            SqlTypes.setInstant(ps, 1, startedBefore);
            ps.setInt(2, limit);
        }, rs -> new RunningMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                SqlTypes.getInstant(rs, "log_start"), rs.getString(6)));
    }

    /**
     * Every scan's duplicates in one statement: the scans are a table (unnest), each side of the join one pass over the
     * day partitions the earliest scan needs (bounded by LogEnd and part_day as constants, so that the plan is pruned
     * to those days); the per-scan bounds are join conditions. Parameters: the scans' tenants, other tenants, since
     * (epoch µs) and windows (µs); then the a-side LogEnd and part_day bounds, the b-side ones, and the limit.
     */
    private static final String DUPLICATES = "SELECT s.n - 1 AS scan, a.business_key, a.integration_flow_name,"
            + " a.message_guid, a.log_end AS a_end, b.message_guid, b.log_end AS b_end"
            + " FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[]) WITH ORDINALITY AS s(tenant, other, since_us, window_us, n)"
            + " JOIN mpl a ON a.tenant_id = s.tenant"
            + " AND a.log_end > timestamptz 'epoch' + s.since_us * interval '1 microsecond'"
            + " JOIN mpl b ON b.tenant_id = s.other AND b.business_key = a.business_key"
            + " AND b.log_end BETWEEN a.log_end - s.window_us * interval '1 microsecond'"
            + " AND a.log_end + s.window_us * interval '1 microsecond'"
            + " WHERE a.business_key IS NOT NULL AND a.status = 'COMPLETED' AND a.log_end > ? AND a.part_day >= ?"
            + " AND b.status = 'COMPLETED' AND b.log_end > ? AND b.part_day >= ?"
            + " ORDER BY s.n, a.business_key, a.message_guid, b.message_guid LIMIT ?";

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    private static Duplicate readDuplicate(ResultSet rs) throws SQLException {
        return new Duplicate(rs.getString(2), rs.getString(3), rs.getString(4), SqlTypes.getInstant(rs, "a_end"),
                rs.getString(6), SqlTypes.getInstant(rs, "b_end"));
    }

    @Override
    public List<Duplicate> duplicates(String primary, String dr, Instant since, Duration window, int limit) {
        return duplicates(List.of(new DuplicateScan(primary, dr, since, window)), limit).stream()
                .map(ScannedDuplicate::duplicate).toList();
    }

    @Override
    public List<ScannedDuplicate> duplicates(List<DuplicateScan> scans, int limit) {
        if (scans.isEmpty()) {
            return List.of();
        }
        // One statement for every scan: a statement per scan (one per pair and direction) was planned each time over
        // the day partitions it needs, ~10-20 ms of planning against ~4 ms of execution, 100 pairs after a restart
        // ~2 s; one unnest/LATERAL statement planned generically scanned every partition (8.7 s over 10 million
        // MPLs). Here the day-span bounds (V116) of the earliest scan are constants, the plan custom and pruned: each
        // side is one pass over those days (hashed on business key), whatever the number of pairs.
        Instant aFrom = scans.stream().map(DuplicateScan::since).min(Instant::compareTo).orElseThrow();
        Instant bFrom = scans.stream().map(d -> d.since().minus(d.window())).min(Instant::compareTo).orElseThrow();
        return prunedQuery(DUPLICATES, (ps, spans) -> {
            Connection c = ps.getConnection();
            ps.setArray(1, c.createArrayOf("text", scans.stream().map(DuplicateScan::tenant).toArray()));
            ps.setArray(2, c.createArrayOf("text", scans.stream().map(DuplicateScan::otherTenant).toArray()));
            ps.setArray(3, c.createArrayOf("bigint", scans.stream().map(d -> micros(d.since())).toArray()));
            ps.setArray(4, c.createArrayOf("bigint", scans.stream().map(d -> d.window().toNanos() / 1000).toArray()));
            SqlTypes.setInstant(ps, 5, aFrom);
            ps.setObject(6, spans.firstFor(aFrom));
            SqlTypes.setInstant(ps, 7, bFrom);
            ps.setObject(8, spans.firstFor(bFrom));
            ps.setInt(9, limit);
        }, rs -> new ScannedDuplicate(rs.getInt(1), readDuplicate(rs)));
    }

    @Override
    public List<Artifact> artifacts() {
        return query("SELECT tenant_id, artifact_id, name, version, status, error_text FROM runtime_artifact"
                + " ORDER BY tenant_id, artifact_id", ps -> {},
                rs -> new Artifact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
    }

    @Override
    public List<GoneArtifact> goneArtifacts() {
        return query("SELECT tenant_id, artifact_id, name, version, last_seen FROM runtime_artifact_gone"
                + " ORDER BY tenant_id, artifact_id", ps -> {},
                rs -> new GoneArtifact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        SqlTypes.getInstant(rs, "last_seen")));
    }

    @Override
    public List<Certificate> certificatesExpiringBefore(Instant before) {
        return query("SELECT tenant_id, alias, type, valid_not_after FROM keystore_entry WHERE valid_not_after < ?"
                + " ORDER BY tenant_id, alias", ps -> SqlTypes.setInstant(ps, 1, before),
                rs -> new Certificate(rs.getString(1), rs.getString(2), rs.getString(3), SqlTypes.getInstant(rs, "valid_not_after")));
    }

    @Override
    public List<SendingHour> sendingProfile(Instant from, Instant to) {
        // index-only over mpl (log_end) INCLUDE (tenant_id, integration_flow_name, status)
        return prunedQuery("SELECT tenant_id, iflow, how, count(DISTINCT week) AS weeks,"
                + " COALESCE(max(extract(epoch FROM gap)), 0) AS longest FROM ("
                + " SELECT tenant_id, integration_flow_name AS iflow,"
                + " ((extract(isodow FROM log_end AT TIME ZONE 'UTC')::int - 1) * 24"
                + " + extract(hour FROM log_end AT TIME ZONE 'UTC')::int) AS how,"
                + " date_trunc('week', log_end AT TIME ZONE 'UTC') AS week,"
                + " log_end - lag(log_end) OVER (PARTITION BY tenant_id, integration_flow_name ORDER BY log_end) AS gap"
                + " FROM mpl WHERE log_end >= ? AND log_end < ? AND part_day >= ? AND integration_flow_name IS NOT NULL) m"
                + " GROUP BY tenant_id, iflow, how ORDER BY tenant_id, iflow, how", (ps, days) -> {
                    SqlTypes.setInstant(ps, 1, from);
                    SqlTypes.setInstant(ps, 2, to);
                    // a LogEnd at exactly `from` counts here: the span of the instant just before it
                    ps.setObject(3, days.firstFor(from.minusNanos(1000)));
                }, rs -> new SendingHour(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        Duration.ofMillis(Math.round(rs.getDouble(5) * 1000))));
    }

    @Override
    public List<LastSent> lastSent(Instant since) {
        return prunedQuery("SELECT tenant_id, integration_flow_name, max(log_end) AS last FROM mpl WHERE log_end > ? AND part_day >= ?"
                + " AND integration_flow_name IS NOT NULL GROUP BY tenant_id, integration_flow_name"
                + " ORDER BY tenant_id, integration_flow_name", (ps, days) -> {
                    SqlTypes.setInstant(ps, 1, since);
                    ps.setObject(2, days.firstFor(since));
                },
                rs -> new LastSent(rs.getString(1), rs.getString(2), SqlTypes.getInstant(rs, "last")));
    }

    @Override
    public List<ForwarderState> forwarders(List<String> sinks) {
        if (sinks.isEmpty()) {
            return List.of();
        }
        // two index probes per forwarder (mpl_change_idx, the change log's key): the first change after its position
        return query("SELECT s.sink, f.stopped, f.stopped_at, f.last_success,"
                + " (SELECT x.stored_at FROM ((SELECT m.change_xid, m.change_seq, m.updated_at AS stored_at FROM mpl m"
                + " WHERE (m.change_xid, m.change_seq) > (COALESCE(f.position_xid, 0), COALESCE(f.position_seq, 0))"
                + " ORDER BY m.change_xid, m.change_seq LIMIT 1) UNION ALL (SELECT l.change_xid, l.change_seq,"
                + " l.stored_at FROM mpl_change l WHERE (l.change_xid, l.change_seq)"
                + " > (COALESCE(f.position_xid, 0), COALESCE(f.position_seq, 0))"
                + " ORDER BY l.change_xid, l.change_seq LIMIT 1)) x"
                + " ORDER BY x.change_xid, x.change_seq LIMIT 1) AS oldest_pending"
                + " FROM unnest(?::text[]) WITH ORDINALITY AS s(sink, n)"
                + " LEFT JOIN forward_cursor f ON f.sink = s.sink ORDER BY s.n", ps ->
                ps.setArray(1, ps.getConnection().createArrayOf("text", sinks.toArray())),
                rs -> new ForwarderState(rs.getString(1), rs.getString(2), SqlTypes.getInstant(rs, "stopped_at"),
                        SqlTypes.getInstant(rs, "last_success"), SqlTypes.getInstant(rs, "oldest_pending")));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Binds a statement over mpl whose {@code part_day >= ?} bounds come from the day spans. */
    @FunctionalInterface
    private interface PrunedBinder {
        void bind(PreparedStatement ps, DaySpans spans) throws SQLException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
        return tx.inTransaction(c -> {
            planOnce(c);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
                binder.bind(ps);
                return readAll(ps, reader);
            }
        });
    }

    /** A statement over mpl bounded by {@code part_day >= ?}: planned for its parameters, so that the bound prunes. */
    private <T> List<T> prunedQuery(String sql, PrunedBinder binder, Reader<T> reader) {
        return tx.inTransaction(c -> {
            planPruned(c);
            DaySpans spans = DaySpans.read(c);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps, spans);
                return readAll(ps, reader);
            }
        });
    }

    private static <T> List<T> readAll(PreparedStatement ps, Reader<T> reader) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(reader.read(rs));
            }
        }
        return out;
    }

    /**
     * Generic, serial plans for the rules' queries on the day partitions of mpl (V40): planning one of them costs
     * ~10 ms (every partition and its indexes, on every side of a join) against ~1-5 ms to run it, so each statement
     * is server-prepared at its first execution (and kept in the driver's per-connection statement cache) with one
     * generic plan, whose index ranges take the parameters at run time; and the parallel plans the planner likes
     * over many partitions pay a worker start-up (~90 ms on 2 busy cores) that dwarfs the work. The queries are
     * read-only: their transaction only scopes these settings.
     */
    private static void planOnce(Connection c) throws SQLException {
        plan(c, "force_generic_plan");
    }

    /**
     * Serial custom plans for the statements bounded by {@code part_day >= ?}: planned with the bound's value, they
     * visit only the partitions from that day on (plan-time pruning, so the others are neither opened nor locked), which
     * is cheaper to plan than a generic plan over every partition is to start.
     */
    private static void planPruned(Connection c) throws SQLException {
        plan(c, "force_custom_plan");
    }

    private static void plan(Connection c, String mode) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            s.execute("SET LOCAL plan_cache_mode = " + mode);
        }
    }
}
