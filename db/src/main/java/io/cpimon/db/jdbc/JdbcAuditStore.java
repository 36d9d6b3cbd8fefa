package io.cpimon.db.jdbc;

import io.cpimon.db.AuditEntry;
import io.cpimon.db.AuditStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit log on PostgreSQL (table {@code audit_log}). Thread-safe; blocking. */
public final class JdbcAuditStore implements AuditStore {
    private static final String COLUMNS = "id, at, actor, action, method, route, target, status, summary, remote";

    private final JdbcTransactions tx;

    public JdbcAuditStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public AuditEntry append(AuditEntry e) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (at, actor, action, method, route,"
                    + " target, status, summary, remote) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
                SqlTypes.setInstant(ps, 1, e.at());
                ps.setString(2, e.actor());
                ps.setString(3, e.action());
                ps.setString(4, e.method());
                ps.setString(5, e.route());
                ps.setString(6, e.target());
                ps.setInt(7, e.status());
                ps.setString(8, e.summary());
                ps.setString(9, e.remote());
                return readAll(ps).getFirst();
            }
        });
    }

    @Override
    public List<AuditEntry> search(Query q) {
        return tx.withConnection(c -> {
            List<String> where = new ArrayList<>();
            List<Object> args = new ArrayList<>();
            if (q.actor() != null) {
                where.add("actor = ?");
                args.add(q.actor());
            }
            if (q.action() != null) {
                where.add("action = ?");
                args.add(q.action());
            }
            if (q.since() != null) {
                where.add("at >= ?");
                args.add(q.since());
            }
            if (q.until() != null) {
                where.add("at < ?");
                args.add(q.until());
            }
            if (q.before() != null) {
                where.add("(at, id) < (?, ?)");
                args.add(q.before().at());
                args.add(q.before().id());
            }
            String sql = "SELECT " + COLUMNS + " FROM audit_log"
                    + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                    + " ORDER BY at DESC, id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Object arg : args) {
                    if (arg instanceof Instant t) {
                        SqlTypes.setInstant(ps, i++, t);
                    } else {
                        ps.setObject(i++, arg);
                    }
                }
                ps.setInt(i, Math.max(0, q.limit()));
                return readAll(ps);
            }
        });
    }

    private static List<AuditEntry> readAll(PreparedStatement ps) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AuditEntry(rs.getLong("id"), SqlTypes.getInstant(rs, "at"), rs.getString("actor"),
                        rs.getString("action"), rs.getString("method"), rs.getString("route"),
                        rs.getString("target"), rs.getInt("status"), rs.getString("summary"),
                        rs.getString("remote")));
            }
        }
        return out;
    }
}
