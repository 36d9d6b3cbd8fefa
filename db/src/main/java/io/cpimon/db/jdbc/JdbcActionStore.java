package io.cpimon.db.jdbc;

import io.cpimon.db.ActionStore;
import io.cpimon.db.FailoverAction;
import io.cpimon.db.FailoverAction.Direction;
import io.cpimon.db.FailoverAction.Origin;
import io.cpimon.db.FailoverAction.State;
import io.cpimon.db.FailoverAction.Step;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Failover actions on PostgreSQL (tables {@code failover_action}, {@code failover_action_step}). Thread-safe. */
public final class JdbcActionStore implements ActionStore {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String IN_FLIGHT = "state IN ('recheck', 'awaiting_approval', 'ready', 'running')";
    private static final String COLUMNS = "id, pair_id, direction, origin, mode, state, reason, from_tenant,"
            + " to_tenant, requested_by, created_at, updated_at, due_at, approval, decided_by, decided_at,"
            + " decision_note, attempts, request_method, request_target, request_headers, request_body,"
            + " outcome_status, outcome_excerpt, outcome_millis, outcome_detail, finished_at";

    private final JdbcTransactions tx;

    public JdbcActionStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<FailoverAction> create(FailoverAction a, Step first) {
        try {
            return Optional.of(tx.inTransaction(c -> {
                FailoverAction stored;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO failover_action (pair_id, direction,"
                        + " origin, mode, state, reason, from_tenant, to_tenant, requested_by, created_at, updated_at,"
                        + " due_at, approval) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
                    ps.setString(1, a.pairId());
                    ps.setString(2, a.direction().wire());
                    ps.setString(3, a.origin().wire());
                    ps.setString(4, a.mode());
                    ps.setString(5, a.state().wire());
                    ps.setString(6, a.reason());
                    ps.setString(7, a.fromTenant());
                    ps.setString(8, a.toTenant());
                    ps.setString(9, a.requestedBy());
                    SqlTypes.setInstant(ps, 10, a.createdAt());
                    SqlTypes.setInstant(ps, 11, a.createdAt());
                    SqlTypes.setInstant(ps, 12, a.dueAt());
                    ps.setBoolean(13, a.approval());
                    stored = readAll(ps).getFirst();
                }
                step(c, stored.id(), first);
                return stored;
            }));
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<FailoverAction> get(long id) {
        return tx.withConnection(c -> {
            List<FailoverAction> found;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM failover_action WHERE id = ?")) {
                ps.setLong(1, id);
                found = readAll(ps);
            }
            if (found.isEmpty()) {
                return Optional.empty();
            }
            List<Step> steps = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT at, step, actor, detail FROM failover_action_step"
                    + " WHERE action_id = ? ORDER BY id")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        steps.add(new Step(SqlTypes.getInstant(rs, "at"), rs.getString("step"), rs.getString("actor"),
                                rs.getString("detail")));
                    }
                }
            }
            FailoverAction a = found.getFirst();
            return Optional.of(new FailoverAction(a.id(), a.pairId(), a.direction(), a.origin(), a.mode(), a.state(),
                    a.reason(), a.fromTenant(), a.toTenant(), a.requestedBy(), a.createdAt(), a.updatedAt(),
                    a.dueAt(), a.approval(), a.decidedBy(), a.decidedAt(), a.decisionNote(), a.attempts(),
                    a.requestMethod(), a.requestTarget(), a.requestHeaders(), a.requestBody(), a.outcomeStatus(),
                    a.outcomeExcerpt(), a.outcomeMillis(), a.outcomeDetail(), a.finishedAt(), List.copyOf(steps)));
        });
    }

    @Override
    public List<FailoverAction> search(Query q) {
        return tx.withConnection(c -> {
            List<String> where = new ArrayList<>();
            List<Object> args = new ArrayList<>();
            if (q.pairId() != null) {
                where.add("pair_id = ?");
                args.add(q.pairId());
            }
            if (q.state() != null) {
                where.add("state = ?");
                args.add(q.state().wire());
            }
            if (q.since() != null) {
                where.add("created_at >= ?");
                args.add(q.since());
            }
            if (q.until() != null) {
                where.add("created_at < ?");
                args.add(q.until());
            }
            if (q.before() != null) {
                where.add("(created_at, id) < (?, ?)");
                args.add(q.before().at());
                args.add(q.before().id());
            }
            String sql = "SELECT " + COLUMNS + " FROM failover_action"
                    + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                    + " ORDER BY created_at DESC, id DESC LIMIT ?";
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

    @Override
    public List<FailoverAction> inFlight() {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM failover_action WHERE "
                    + IN_FLIGHT + " ORDER BY created_at, id")) {
                return readAll(ps);
            }
        });
    }

    @Override
    public Optional<FailoverAction> lastDone(String pairId) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM failover_action"
                    + " WHERE pair_id = ? AND state IN ('succeeded', 'dry_run') ORDER BY finished_at DESC, id DESC"
                    + " LIMIT 1")) {
                ps.setString(1, pairId);
                return readAll(ps).stream().findFirst();
            }
        });
    }

    @Override
    public boolean update(FailoverAction a, State expected, Step step) {
        try {
            return tx.inTransaction(c -> {
                int moved;
                try (PreparedStatement ps = c.prepareStatement("UPDATE failover_action SET state = ?, updated_at = ?,"
                        + " due_at = ?, decided_by = ?, decided_at = ?, decision_note = ?, attempts = ?,"
                        + " request_method = ?, request_target = ?, request_headers = ?, request_body = ?,"
                        + " outcome_status = ?, outcome_excerpt = ?, outcome_millis = ?, outcome_detail = ?,"
                        + " finished_at = ? WHERE id = ? AND state = ?")) {
                    ps.setString(1, a.state().wire());
                    SqlTypes.setInstant(ps, 2, a.updatedAt());
                    SqlTypes.setInstant(ps, 3, a.dueAt());
                    ps.setString(4, a.decidedBy());
                    SqlTypes.setInstant(ps, 5, a.decidedAt());
                    ps.setString(6, a.decisionNote());
                    ps.setInt(7, a.attempts());
                    ps.setString(8, a.requestMethod());
                    ps.setString(9, a.requestTarget());
                    ps.setString(10, a.requestHeaders());
                    ps.setString(11, a.requestBody());
                    if (a.outcomeStatus() == null) {
                        ps.setNull(12, Types.INTEGER);
                    } else {
                        ps.setInt(12, a.outcomeStatus());
                    }
                    ps.setString(13, a.outcomeExcerpt());
                    SqlTypes.setLongOrNull(ps, 14, a.outcomeMillis());
                    ps.setString(15, a.outcomeDetail());
                    SqlTypes.setInstant(ps, 16, a.finishedAt());
                    ps.setLong(17, a.id());
                    ps.setString(18, expected.wire());
                    moved = ps.executeUpdate();
                }
                if (moved == 1) {
                    step(c, a.id(), step);
                }
                return moved == 1;
            });
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static void step(Connection c, long actionId, Step s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO failover_action_step (action_id, at, step, actor,"
                + " detail) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, actionId);
            SqlTypes.setInstant(ps, 2, s.at());
            ps.setString(3, s.step());
            ps.setString(4, s.actor());
            ps.setString(5, s.detail());
            ps.executeUpdate();
        }
    }

    private static List<FailoverAction> readAll(PreparedStatement ps) throws SQLException {
        List<FailoverAction> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int status = rs.getInt("outcome_status");
                Integer outcomeStatus = rs.wasNull() ? null : status;
                out.add(new FailoverAction(rs.getLong("id"), rs.getString("pair_id"),
                        Direction.of(rs.getString("direction")), Origin.of(rs.getString("origin")),
                        rs.getString("mode"), State.of(rs.getString("state")), rs.getString("reason"),
                        rs.getString("from_tenant"), rs.getString("to_tenant"), rs.getString("requested_by"),
                        SqlTypes.getInstant(rs, "created_at"), SqlTypes.getInstant(rs, "updated_at"),
                        SqlTypes.getInstant(rs, "due_at"), rs.getBoolean("approval"), rs.getString("decided_by"),
                        SqlTypes.getInstant(rs, "decided_at"), rs.getString("decision_note"), rs.getInt("attempts"),
                        rs.getString("request_method"), rs.getString("request_target"),
                        rs.getString("request_headers"), rs.getString("request_body"), outcomeStatus,
                        rs.getString("outcome_excerpt"), SqlTypes.getLongOrNull(rs, "outcome_millis"),
                        rs.getString("outcome_detail"), SqlTypes.getInstant(rs, "finished_at"), List.of()));
            }
        }
        return out;
    }
}
