package io.cpimon.db.jdbc;

import io.cpimon.db.ForwardChange;
import io.cpimon.db.ForwardCursor;
import io.cpimon.db.ForwardDeadLetter;
import io.cpimon.db.ForwardLag;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.ForwardStore;
import io.cpimon.db.MplRecord;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link ForwardStore} in plain JDBC. Changes are read from {@code mpl} (through {@code mpl_change_idx}) and from the
 * change log {@code mpl_change} (its primary key) with a row-value comparison, and only below the oldest running
 * transaction id ({@code pg_snapshot_xmin}), see {@code V41__forwarding.sql} and {@code V44__forward_change_log.sql}.
 * Thread-safe.
 */
public final class JdbcForwardStore implements ForwardStore {
    /** The columns of a state, in {@code mpl} and in {@code mpl_change} alike. */
    private static final String STATE = """
            tenant_id, message_guid, correlation_id, application_message_id, application_message_type,
            predecessor_message_guid, log_start, log_end, sender, receiver, integration_flow_name, status,
            custom_status, alternate_web_link, artifact_id, artifact_name, artifact_type, package_id, package_name,
            log_level, archiving_status, transaction_id, previous_component_name, local_component_name,
            origin_component_name, business_key, custom_headers, error_text, change_xid, change_seq""";

    /** Positions after the cursor ({@code ?, ?}) of transactions that ended: none still running can land behind. */
    private static final String AFTER = " WHERE (change_xid, change_seq) > (?, ?)"
            + " AND change_xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

    /**
     * The current states ({@code mpl}) and the replaced ones ({@code mpl_change}, V44) after a cursor, merged in
     * position order; each arm walks its position index and stops at the limit, and the merge keeps their order, so
     * the page is never sorted. The tenant columns are joined in {@link #changesAfter} (a join here would cost a sort
     * of the page).
     */
    private static final String CHANGES = """
            (SELECT %1$s, updated_at AS stored_at FROM mpl %2$s ORDER BY change_xid, change_seq LIMIT ?)
            UNION ALL
            (SELECT %1$s, stored_at FROM mpl_change %2$s ORDER BY change_xid, change_seq LIMIT ?)
            ORDER BY change_xid, change_seq LIMIT ?""".formatted(STATE.replace("custom_headers,",
            "custom_headers::text AS custom_headers,"), AFTER);

    private static final String TENANTS = "SELECT id, role, pair_id, labels ->> 'landscape' AS landscape FROM tenant";

    private static final String LAG_ROWS = "SELECT (SELECT count(*) FROM (SELECT 1 FROM mpl"
            + " WHERE (change_xid, change_seq) > (?, ?) LIMIT ?) x)"
            + " + (SELECT count(*) FROM (SELECT 1 FROM mpl_change WHERE (change_xid, change_seq) > (?, ?) LIMIT ?) y)";

    private static final String LAG_OLDEST = "SELECT stored_at FROM ("
            + "(SELECT change_xid, change_seq, updated_at AS stored_at FROM mpl WHERE (change_xid, change_seq) > (?, ?)"
            + " ORDER BY change_xid, change_seq LIMIT 1) UNION ALL"
            + " (SELECT change_xid, change_seq, stored_at FROM mpl_change WHERE (change_xid, change_seq) > (?, ?)"
            + " ORDER BY change_xid, change_seq LIMIT 1)) x ORDER BY change_xid, change_seq LIMIT 1";

    /**
     * Prunes the replaced states every configured forwarder has passed, and those stored before the cutoff; counts,
     * per configured forwarder, the pruned states it had not passed (its gap).
     */
    private static final String PRUNE = """
            WITH low AS (
                SELECT position_xid AS x, position_seq AS s FROM forward_cursor WHERE configured
                ORDER BY position_xid, position_seq LIMIT 1),
            passed AS (
                DELETE FROM mpl_change c
                WHERE NOT EXISTS (SELECT 1 FROM low) OR (c.change_xid, c.change_seq) <= (SELECT x, s FROM low)
                RETURNING 1),
            expired AS (
                DELETE FROM mpl_change c
                WHERE c.stored_at < ? AND (c.change_xid, c.change_seq) > (SELECT x, s FROM low)
                RETURNING c.change_xid, c.change_seq),
            gaps AS (
                UPDATE forward_cursor f
                SET gap_rows = f.gap_rows + g.n, gap_at = now()
                FROM (SELECT f2.sink, count(*) AS n FROM forward_cursor f2 JOIN expired e
                          ON (e.change_xid, e.change_seq) > (f2.position_xid, f2.position_seq)
                      WHERE f2.configured GROUP BY f2.sink) g
                WHERE f.sink = g.sink
                RETURNING f.sink, g.n)
            SELECT 'passed' AS kind, NULL AS sink, (SELECT count(*) FROM passed) AS n
            UNION ALL SELECT 'expired', NULL, (SELECT count(*) FROM expired)
            UNION ALL SELECT 'gap', sink, n FROM gaps""";


    /** Role, pair and landscape of a tenant that is not in the tenant table. */
    private static final String[] NO_TENANT = new String[3];

    private final JdbcTransactions tx;

    public JdbcForwardStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public ForwardCursor cursor(String sink) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT position_xid, position_seq, position_at,"
                    + " position_key, last_success, last_error, last_error_at, stopped, stopped_at, gap_rows, gap_at FROM forward_cursor"
                    + " WHERE sink = ?")) {
                ps.setString(1, sink);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return ForwardCursor.initial(sink);
                    }
                    return new ForwardCursor(sink, new ForwardPosition(rs.getLong(1), rs.getLong(2)),
                            SqlTypes.getInstant(rs, "position_at"), rs.getString("position_key"),
                            SqlTypes.getInstant(rs, "last_success"), rs.getString("last_error"),
                            SqlTypes.getInstant(rs, "last_error_at"), rs.getString("stopped"),
                            SqlTypes.getInstant(rs, "stopped_at"), rs.getLong("gap_rows"),
                            SqlTypes.getInstant(rs, "gap_at"));
                }
            }
        });
    }

    @Override
    public List<ForwardChange> changesAfter(ForwardPosition after, int limit) {
        return tx.withConnection(c -> {
            Map<String, String[]> tenants = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(TENANTS); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tenants.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
            try (PreparedStatement ps = c.prepareStatement(CHANGES)) {
                ps.setLong(1, after.xid());
                ps.setLong(2, after.seq());
                ps.setInt(3, limit);
                ps.setLong(4, after.xid());
                ps.setLong(5, after.seq());
                ps.setInt(6, limit);
                ps.setInt(7, limit);
                List<ForwardChange> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(change(rs, tenants));
                    }
                }
                return out;
            }
        });
    }

    /** @param tenants role, pair and landscape by tenant id */
    private static ForwardChange change(ResultSet rs, Map<String, String[]> tenants) throws SQLException {
        MplRecord m = new MplRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), SqlTypes.getInstant(rs, 7), SqlTypes.getInstant(rs, 8),
                rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18),
                rs.getString(19), rs.getString(20), rs.getString(21), rs.getString(22), rs.getString(23),
                rs.getString(24), rs.getString(25), rs.getString(26), Json.read(rs.getString(27)), rs.getString(28));
        String[] tenant = tenants.getOrDefault(m.tenantId(), NO_TENANT);
        return new ForwardChange(new ForwardPosition(rs.getLong(29), rs.getLong(30)), m, tenant[0], tenant[1],
                tenant[2], SqlTypes.getInstant(rs, 31));
    }

    @Override
    public void advance(String sink, ForwardPosition to, ForwardChange last, List<ForwardDeadLetter> deadLetters,
            Instant now) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO forward_cursor AS f (sink, position_xid, position_seq, position_at, position_key,
                                                     last_success, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, now())
                    ON CONFLICT (sink) DO UPDATE SET
                        position_xid = CASE WHEN (f.position_xid, f.position_seq) < (EXCLUDED.position_xid,
                            EXCLUDED.position_seq) THEN EXCLUDED.position_xid ELSE f.position_xid END,
                        position_seq = CASE WHEN (f.position_xid, f.position_seq) < (EXCLUDED.position_xid,
                            EXCLUDED.position_seq) THEN EXCLUDED.position_seq ELSE f.position_seq END,
                        position_at = COALESCE(EXCLUDED.position_at, f.position_at),
                        position_key = COALESCE(EXCLUDED.position_key, f.position_key),
                        last_success = EXCLUDED.last_success, last_error = NULL, last_error_at = NULL,
                        stopped = NULL, stopped_at = NULL, updated_at = now()""")) {
                ps.setString(1, sink);
                ps.setLong(2, to.xid());
                ps.setLong(3, to.seq());
                SqlTypes.setInstant(ps, 4, last == null ? null : last.storedAt());
                ps.setString(5, last == null ? null : last.mpl().tenantId() + "/" + last.mpl().messageGuid());
                SqlTypes.setInstant(ps, 6, now);
                ps.executeUpdate();
            }
            if (!deadLetters.isEmpty()) {
                insertDeadLetters(c, deadLetters);
            }
            return null;
        });
    }

    private static void insertDeadLetters(Connection c, List<ForwardDeadLetter> deadLetters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO forward_dead_letter (sink, tenant_id,"
                + " message_guid, status, change_xid, change_seq, row_text, answer, dead_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ForwardDeadLetter d : deadLetters) {
                ps.setString(1, d.sink());
                ps.setString(2, d.tenantId());
                ps.setString(3, d.messageGuid());
                ps.setString(4, d.status());
                ps.setLong(5, d.position().xid());
                ps.setLong(6, d.position().seq());
                ps.setString(7, d.rowText());
                ps.setString(8, d.answer());
                SqlTypes.setInstant(ps, 9, d.deadAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public void recordError(String sink, String error, Instant at) {
        tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO forward_cursor (sink, last_error, last_error_at, updated_at) VALUES (?, ?, ?, now())
                    ON CONFLICT (sink) DO UPDATE SET last_error = EXCLUDED.last_error,
                        last_error_at = EXCLUDED.last_error_at, updated_at = now()""")) {
                ps.setString(1, sink);
                ps.setString(2, error);
                SqlTypes.setInstant(ps, 3, at);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void recordStopped(String sink, String reason, Instant at) {
        tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO forward_cursor (sink, stopped, stopped_at, updated_at) VALUES (?, ?, ?, now())
                    ON CONFLICT (sink) DO UPDATE SET stopped = EXCLUDED.stopped, stopped_at = EXCLUDED.stopped_at,
                        updated_at = now()""")) {
                ps.setString(1, sink);
                ps.setString(2, reason);
                SqlTypes.setInstant(ps, 3, reason == null ? null : at);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public ForwardLag lag(ForwardPosition after, int cap) {
        return tx.withConnection(c -> {
            long rows;
            try (PreparedStatement ps = c.prepareStatement(LAG_ROWS)) {
                for (int i = 0; i < 2; i++) {
                    ps.setLong(3 * i + 1, after.xid());
                    ps.setLong(3 * i + 2, after.seq());
                    ps.setInt(3 * i + 3, cap);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rows = Math.min(cap, rs.getLong(1));
                }
            }
            Instant oldest = null;
            try (PreparedStatement ps = c.prepareStatement(LAG_OLDEST)) {
                ps.setLong(1, after.xid());
                ps.setLong(2, after.seq());
                ps.setLong(3, after.xid());
                ps.setLong(4, after.seq());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        oldest = SqlTypes.getInstant(rs, "stored_at");
                    }
                }
            }
            return new ForwardLag(rows, oldest);
        });
    }

    @Override
    public void register(Collection<String> sinks) {
        tx.inTransaction(c -> {
            Array names = c.createArrayOf("text", sinks.toArray());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO forward_cursor (sink, updated_at)"
                    + " SELECT unnest(?::text[]), now() ON CONFLICT (sink) DO NOTHING")) {
                ps.setArray(1, names);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE forward_cursor SET configured = (sink = ANY (?))"
                    + " WHERE configured IS DISTINCT FROM (sink = ANY (?))")) {
                ps.setArray(1, names);
                ps.setArray(2, names);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public ChangeLogPrune pruneChanges(Instant storedBefore) {
        return tx.inTransaction(c -> {
            long passed = 0;
            long expired = 0;
            Map<String, Long> gaps = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(PRUNE)) {
                SqlTypes.setInstant(ps, 1, storedBefore);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        switch (rs.getString("kind")) {
                            case "passed" -> passed = rs.getLong("n");
                            case "expired" -> expired = rs.getLong("n");
                            default -> gaps.put(rs.getString("sink"), rs.getLong("n"));
                        }
                    }
                }
            }
            return new ChangeLogPrune(passed, expired, gaps);
        });
    }

    @Override
    public List<ForwardDeadLetter> deadLetters(String sink, int limit) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, tenant_id, message_guid, status, change_xid,"
                    + " change_seq, row_text, answer, dead_at FROM forward_dead_letter WHERE sink = ?"
                    + " ORDER BY id DESC LIMIT ?")) {
                ps.setString(1, sink);
                ps.setInt(2, limit);
                List<ForwardDeadLetter> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ForwardDeadLetter(rs.getLong("id"), sink, rs.getString("tenant_id"),
                                rs.getString("message_guid"), rs.getString("status"),
                                new ForwardPosition(rs.getLong("change_xid"), rs.getLong("change_seq")),
                                rs.getString("row_text"), rs.getString("answer"), SqlTypes.getInstant(rs, "dead_at")));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long deadLetterCount(String sink) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM forward_dead_letter WHERE sink = ?")) {
                ps.setString(1, sink);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
