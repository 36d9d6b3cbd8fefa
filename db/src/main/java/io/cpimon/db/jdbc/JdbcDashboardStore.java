package io.cpimon.db.jdbc;

import io.cpimon.db.DashboardStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's aggregates on PostgreSQL. Buckets are {@code width_bucket} over epoch seconds of one time range:
 * probes through {@code probe_result_at_cover_idx} / {@code probe_result_tenant_at_cover_idx} (V50), messages through
 * the covering {@code mpl_log_end_counts_idx} (all tenants) or {@code mpl_tenant_status_log_end_idx} (one tenant),
 * index-only; the counts through the partial indexes of V20 and V50. Thread-safe; blocking.
 */
public final class JdbcDashboardStore implements DashboardStore {
    private static final String FAILED = "('FAILED', 'ESCALATED')";

    private final JdbcTransactions tx;

    public JdbcDashboardStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public List<ProbeBucket> probeBuckets(String tenantId, Instant from, Instant to, int buckets) {
        String sql = "SELECT tenant_id, width_bucket(extract(epoch FROM at), ?, ?, ?) - 1 AS b, count(*),"
                + " count(*) FILTER (WHERE NOT up),"
                + " percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_millis) FILTER (WHERE up),"
                + " max(latency_millis) FILTER (WHERE up)"
                + " FROM probe_result WHERE at >= ? AND at < ?" + (tenantId == null ? "" : " AND tenant_id = ?")
                + " GROUP BY 1, 2 ORDER BY 1, 2";
        return query(sql, ps -> {
            bindRange(ps, from, to, buckets);
            if (tenantId != null) {
                ps.setString(6, tenantId);
            }
        }, rs -> new ProbeBucket(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), nullableLong(rs, 5),
                nullableLong(rs, 6)));
    }

    @Override
    public List<MessageBucket> messageBuckets(String tenantId, Instant from, Instant to, int buckets) {
        String sql = "SELECT tenant_id, width_bucket(extract(epoch FROM log_end), ?, ?, ?) - 1 AS b, status, count(*)"
                + " FROM mpl WHERE log_end >= ? AND log_end < ?" + (tenantId == null ? "" : " AND tenant_id = ?")
                + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
        return query(sql, ps -> {
            bindRange(ps, from, to, buckets);
            if (tenantId != null) {
                ps.setString(6, tenantId);
            }
        }, rs -> new MessageBucket(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4)));
    }

    private static void bindRange(PreparedStatement ps, Instant from, Instant to, int buckets) throws SQLException {
        ps.setDouble(1, from.toEpochMilli() / 1000.0);
        ps.setDouble(2, to.toEpochMilli() / 1000.0);
        ps.setInt(3, buckets);
        SqlTypes.setInstant(ps, 4, from);
        SqlTypes.setInstant(ps, 5, to);
    }

    @Override
    public Map<String, Long> failedSince(Instant since) {
        return counts("SELECT tenant_id, count(*) FROM mpl WHERE status = 'FAILED' AND log_end >= ? GROUP BY 1",
                since);
    }

    @Override
    public Map<String, Long> stuck(Instant startedBefore) {
        return counts("SELECT tenant_id, count(*) FROM mpl WHERE status IN ('PROCESSING', 'RETRY') AND log_start < ?"
                + " GROUP BY 1", startedBefore);
    }

    @Override
    public Map<String, Long> certificatesExpiring(Instant before) {
        return counts("SELECT tenant_id, count(*) FROM keystore_entry WHERE valid_not_after < ? GROUP BY 1", before);
    }

    private Map<String, Long> counts(String sql, Instant at) {
        Map<String, Long> out = new HashMap<>();
        query(sql, ps -> SqlTypes.setInstant(ps, 1, at), rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    @Override
    public long deadNotifications() {
        return query("SELECT count(*) FROM notification WHERE state = 'DEAD'", ps -> { }, rs -> rs.getLong(1))
                .getFirst();
    }

    @Override
    public List<FailingIflow> topFailing(String tenantId, Instant from, Instant to, int limit) {
        String sql = "SELECT integration_flow_name, count(*) FILTER (WHERE status IN " + FAILED + ") AS failed,"
                + " count(*) AS total,"
                + " (array_agg(error_text ORDER BY log_end DESC) FILTER (WHERE status IN " + FAILED
                + " AND error_text IS NOT NULL))[1]"
                + " FROM mpl WHERE tenant_id = ? AND log_end >= ? AND log_end < ?"
                + " GROUP BY 1 HAVING count(*) FILTER (WHERE status IN " + FAILED + ") > 0"
                + " ORDER BY 2 DESC, 1 LIMIT ?";
        return query(sql, ps -> {
            ps.setString(1, tenantId);
            SqlTypes.setInstant(ps, 2, from);
            SqlTypes.setInstant(ps, 3, to);
            ps.setInt(4, limit);
        }, rs -> new FailingIflow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
    }

    @Override
    public List<PairDuplicate> duplicates(String primary, String dr, Instant from, Instant to, Duration window,
                                          PairDuplicate after, int limit) {
        String sql = "SELECT a.business_key, a.integration_flow_name, a.message_guid, a.log_end AS a_end,"
                + " a.alternate_web_link, b.message_guid, b.log_end AS b_end, b.alternate_web_link"
                + " FROM mpl a JOIN mpl b ON b.business_key = a.business_key AND b.tenant_id = ?"
                + " WHERE a.tenant_id = ? AND a.business_key IS NOT NULL AND a.status = 'COMPLETED'"
                + " AND a.log_end >= ? AND a.log_end < ?"
                + " AND b.status = 'COMPLETED'"
                + " AND b.log_end BETWEEN a.log_end - CAST(? AS interval) AND a.log_end + CAST(? AS interval)"
                // implied by the condition above; a LogEnd range on the DR side in every day partition
                + " AND b.log_end >= ? AND b.log_end < ?"
                + (after == null ? "" : " AND (a.log_end, a.message_guid, b.message_guid) < (?, ?, ?)")
                + " ORDER BY a.log_end DESC, a.message_guid DESC, b.message_guid DESC LIMIT ?";
        return query(sql, ps -> {
            int i = 1;
            ps.setString(i++, dr);
            ps.setString(i++, primary);
            SqlTypes.setInstant(ps, i++, from);
            SqlTypes.setInstant(ps, i++, to);
            String interval = window.toMillis() + " milliseconds";
            ps.setString(i++, interval);
            ps.setString(i++, interval);
            SqlTypes.setInstant(ps, i++, from.minus(window));
            SqlTypes.setInstant(ps, i++, to.plus(window));
            if (after != null) {
                SqlTypes.setInstant(ps, i++, after.primaryEnd());
                ps.setString(i++, after.primaryGuid());
                ps.setString(i++, after.drGuid());
            }
            ps.setInt(i, limit);
        }, rs -> new PairDuplicate(rs.getString(1), rs.getString(2), rs.getString(3), SqlTypes.getInstant(rs, "a_end"),
                rs.getString(5), rs.getString(6), SqlTypes.getInstant(rs, "b_end"), rs.getString(8)));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(reader.read(rs));
                    }
                }
                return out;
            }
        });
    }
}
