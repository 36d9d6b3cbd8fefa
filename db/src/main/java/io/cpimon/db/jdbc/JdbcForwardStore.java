package io.cpimon.db.jdbc;

import io.cpimon.db.ForwardChange;
import io.cpimon.db.ForwardCursor;
import io.cpimon.db.ForwardDeadLetter;
import io.cpimon.db.ForwardLag;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.ForwardStore;
import io.cpimon.db.MplRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ForwardStore} in plain JDBC. Changes are read through {@code mpl_change_idx} with a row-value comparison, and
 * only below the oldest running transaction id ({@code pg_snapshot_xmin}), see {@code V41__forwarding.sql}.
 * Thread-safe.
 */
public final class JdbcForwardStore implements ForwardStore {
    private static final String CHANGES = """
            SELECT m.tenant_id, m.message_guid, m.correlation_id, m.application_message_id, m.application_message_type,
                   m.predecessor_message_guid, m.log_start, m.log_end, m.sender, m.receiver, m.integration_flow_name,
                   m.status, m.custom_status, m.alternate_web_link, m.artifact_id, m.artifact_name, m.artifact_type,
                   m.package_id, m.package_name, m.log_level, m.archiving_status, m.transaction_id,
                   m.previous_component_name, m.local_component_name, m.origin_component_name, m.business_key,
                   m.custom_headers::text AS custom_headers, m.error_text, m.updated_at, m.change_xid, m.change_seq,
                   t.role, t.pair_id, t.labels ->> 'landscape' AS landscape
            FROM (SELECT * FROM mpl
                  WHERE (change_xid, change_seq) > (?, ?)
                    AND change_xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                  ORDER BY change_xid, change_seq LIMIT ?) m
            LEFT JOIN tenant t ON t.id = m.tenant_id
            ORDER BY m.change_xid, m.change_seq""";

    private final JdbcTransactions tx;

    public JdbcForwardStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public ForwardCursor cursor(String sink) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT position_xid, position_seq, position_at,"
                    + " position_key, last_success, last_error, last_error_at, stopped, stopped_at FROM forward_cursor"
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
                            SqlTypes.getInstant(rs, "stopped_at"));
                }
            }
        });
    }

    @Override
    public List<ForwardChange> changesAfter(ForwardPosition after, int limit) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(CHANGES)) {
                ps.setLong(1, after.xid());
                ps.setLong(2, after.seq());
                ps.setInt(3, limit);
                List<ForwardChange> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(change(rs));
                    }
                }
                return out;
            }
        });
    }

    private static ForwardChange change(ResultSet rs) throws SQLException {
        MplRecord m = new MplRecord(rs.getString("tenant_id"), rs.getString("message_guid"),
                rs.getString("correlation_id"), rs.getString("application_message_id"),
                rs.getString("application_message_type"), rs.getString("predecessor_message_guid"),
                SqlTypes.getInstant(rs, "log_start"), SqlTypes.getInstant(rs, "log_end"), rs.getString("sender"),
                rs.getString("receiver"), rs.getString("integration_flow_name"), rs.getString("status"),
                rs.getString("custom_status"), rs.getString("alternate_web_link"), rs.getString("artifact_id"),
                rs.getString("artifact_name"), rs.getString("artifact_type"), rs.getString("package_id"),
                rs.getString("package_name"), rs.getString("log_level"), rs.getString("archiving_status"),
                rs.getString("transaction_id"), rs.getString("previous_component_name"),
                rs.getString("local_component_name"), rs.getString("origin_component_name"),
                rs.getString("business_key"), Json.read(rs.getString("custom_headers")), rs.getString("error_text"));
        return new ForwardChange(new ForwardPosition(rs.getLong("change_xid"), rs.getLong("change_seq")), m,
                rs.getString("role"), rs.getString("pair_id"), rs.getString("landscape"),
                SqlTypes.getInstant(rs, "updated_at"));
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
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM mpl"
                    + " WHERE (change_xid, change_seq) > (?, ?) LIMIT ?) x")) {
                ps.setLong(1, after.xid());
                ps.setLong(2, after.seq());
                ps.setInt(3, cap);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                }
            }
            Instant oldest = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT updated_at FROM mpl"
                    + " WHERE (change_xid, change_seq) > (?, ?) ORDER BY change_xid, change_seq LIMIT 1")) {
                ps.setLong(1, after.xid());
                ps.setLong(2, after.seq());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        oldest = SqlTypes.getInstant(rs, "updated_at");
                    }
                }
            }
            return new ForwardLag(rows, oldest);
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
