package io.cpimon.db.jdbc;

import io.cpimon.db.Alert;
import io.cpimon.db.AlertAck;
import io.cpimon.db.AlertEvent;
import io.cpimon.db.AlertFlags;
import io.cpimon.db.AlertQuery;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.NewAlert;
import io.cpimon.db.NewNotification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * Alerts on PostgreSQL. Each state change writes the alert row, its event and its outbox rows in one
 * transaction. Thread-safe; blocking.
 */
public final class JdbcAlertStore implements AlertStore {

    private static final String COLUMNS = "id, fingerprint, rule, labels::text AS labels, annotations::text AS annotations,"
            + " state, active_at, firing_at, last_active_at, ends_at, acked_by, acked_at, ack_comment";
    private static final String OPEN_FINGERPRINT_INDEX = "alert_open_fingerprint_uq";
    private static final String UNIQUE_VIOLATION = "23505";

    private final JdbcTransactions tx;

    public JdbcAlertStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public List<Alert> openAlerts() {
        return query("SELECT " + COLUMNS + " FROM alert WHERE state <> 'RESOLVED' ORDER BY id", ps -> {});
    }

    /**
     * {@inheritDoc}
     * Notifications whose alertId is null are linked to the new alert.
     * @throws IllegalArgumentException if the state is RESOLVED
     */
    @Override
    public Alert open(NewAlert alert, List<NewNotification> notifications) {
        Objects.requireNonNull(alert.fingerprint(), "fingerprint");
        Objects.requireNonNull(alert.activeAt(), "activeAt");
        if (alert.state() != AlertState.PENDING && alert.state() != AlertState.FIRING) {
            throw new IllegalArgumentException("an alert opens PENDING or FIRING, not " + alert.state());
        }
        return tx.inTransaction(c -> {
            Alert opened;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO alert (fingerprint, rule, labels, annotations, state, active_at, firing_at, last_active_at)"
                            + " VALUES (?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?) RETURNING " + COLUMNS)) {
                ps.setString(1, alert.fingerprint());
                ps.setString(2, Objects.requireNonNull(alert.rule(), "rule"));
                ps.setString(3, Json.write(orEmpty(alert.labels())));
                ps.setString(4, Json.write(orEmpty(alert.annotations())));
                ps.setString(5, alert.state().name());
                SqlTypes.setInstant(ps, 6, alert.activeAt());
                SqlTypes.setInstant(ps, 7, alert.state() == AlertState.FIRING ? alert.activeAt() : null);
                SqlTypes.setInstant(ps, 8, alert.activeAt());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    opened = read(rs);
                }
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains(OPEN_FINGERPRINT_INDEX)) {
                    throw new IllegalStateException("an open alert with fingerprint " + alert.fingerprint() + " exists", e);
                }
                throw e;
            }
            insertEvent(c, opened.id(), null, opened.state(), alert.activeAt());
            JdbcNotificationStore.insert(c, notifications, opened.id());
            return opened;
        });
    }

    /**
     * {@inheritDoc}
     * Notifications whose alertId is null are linked to this alert.
     * @throws NoSuchElementException if there is no such alert
     * @throws IllegalStateException if the alert is resolved or already in state {@code to}
     */
    @Override
    public Alert transition(long alertId, AlertState to, Instant at, List<NewNotification> notifications) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        return tx.inTransaction(c -> {
            Alert current;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alert WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, alertId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NoSuchElementException("no alert " + alertId);
                    }
                    current = read(rs);
                }
            }
            if (!current.open()) {
                throw new IllegalStateException("alert " + alertId + " is resolved");
            }
            if (current.state() == to) {
                throw new IllegalStateException("alert " + alertId + " is already " + to);
            }
            Alert moved;
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE alert SET state = ?,
                        firing_at = CASE WHEN ? = 'FIRING' THEN ? ELSE firing_at END,
                        last_active_at = CASE WHEN ? = 'FIRING' THEN GREATEST(last_active_at, ?) ELSE last_active_at END,
                        ends_at = CASE WHEN ? = 'RESOLVED' THEN ? ELSE ends_at END,
                        acked_by = CASE WHEN ? = 'RESOLVED' THEN NULL ELSE acked_by END,
                        acked_at = CASE WHEN ? = 'RESOLVED' THEN NULL ELSE acked_at END,
                        ack_comment = CASE WHEN ? = 'RESOLVED' THEN NULL ELSE ack_comment END
                    WHERE id = ? RETURNING""" + " " + COLUMNS)) {
                String state = to.name();
                ps.setString(1, state);
                ps.setString(2, state);
                SqlTypes.setInstant(ps, 3, at);
                ps.setString(4, state);
                SqlTypes.setInstant(ps, 5, at);
                ps.setString(6, state);
                SqlTypes.setInstant(ps, 7, at);
                ps.setString(8, state);
                ps.setString(9, state);
                ps.setString(10, state);
                ps.setLong(11, alertId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    moved = read(rs);
                }
            }
            insertEvent(c, alertId, current.state(), to, at);
            JdbcNotificationStore.insert(c, notifications, alertId);
            return moved;
        });
    }

    @Override
    public void touch(long alertId, Instant lastActiveAt, Map<String, String> annotations) {
        Objects.requireNonNull(lastActiveAt, "lastActiveAt");
        tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert SET last_active_at = GREATEST(last_active_at, ?),"
                    + " annotations = COALESCE(CAST(? AS jsonb), annotations) WHERE id = ?")) {
                SqlTypes.setInstant(ps, 1, lastActiveAt);
                ps.setString(2, Json.write(annotations));
                ps.setLong(3, alertId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Alert> get(long id) {
        return query("SELECT " + COLUMNS + " FROM alert WHERE id = ?", ps -> ps.setLong(1, id)).stream().findFirst();
    }

    @Override
    public List<Alert> list(AlertState state, String rule, String tenant, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alert WHERE true");
        List<String> params = new ArrayList<>();
        if (state != null) {
            sql.append(" AND state = ?");
            params.add(state.name());
        }
        if (rule != null) {
            sql.append(" AND rule = ?");
            params.add(rule);
        }
        if (tenant != null) {
            sql.append(" AND labels ->> 'tenant' = ?");
            params.add(tenant);
        }
        sql.append(" ORDER BY active_at DESC, id DESC LIMIT ?");
        return query(sql.toString(), ps -> {
            int i = 1;
            for (String p : params) {
                ps.setString(i++, p);
            }
            ps.setInt(i, Math.max(0, limit));
        });
    }

    @Override
    public List<AlertEvent> history(long alertId) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, alert_id, from_state, to_state, at FROM alert_event WHERE alert_id = ? ORDER BY at, id")) {
                ps.setLong(1, alertId);
                List<AlertEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String from = rs.getString("from_state");
                        out.add(new AlertEvent(rs.getLong("id"), rs.getLong("alert_id"),
                                from == null ? null : AlertState.valueOf(from),
                                AlertState.valueOf(rs.getString("to_state")), SqlTypes.getInstant(rs, "at")));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<Alert> acknowledge(long alertId, String by, Instant at, String comment) {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        return tx.inTransaction(c -> {
            Optional<Alert> acked;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE alert SET acked_by = ?, acked_at = ?, ack_comment = ? WHERE id = ? RETURNING " + COLUMNS)) {
                ps.setString(1, by);
                SqlTypes.setInstant(ps, 2, at);
                ps.setString(3, comment);
                ps.setLong(4, alertId);
                try (ResultSet rs = ps.executeQuery()) {
                    acked = rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
            if (acked.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO alert_ack (alert_id, acked_by, at, comment) VALUES (?, ?, ?, ?)")) {
                    ps.setLong(1, alertId);
                    ps.setString(2, by);
                    SqlTypes.setInstant(ps, 3, at);
                    ps.setString(4, comment);
                    ps.executeUpdate();
                }
            }
            return acked;
        });
    }

    @Override
    public List<AlertAck> acks(long alertId) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT alert_id, acked_by, at, comment FROM alert_ack WHERE alert_id = ? ORDER BY at, id")) {
                ps.setLong(1, alertId);
                List<AlertAck> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AlertAck(rs.getLong(1), rs.getString(2), SqlTypes.getInstant(rs, "at"),
                                rs.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void touchAll(Map<Long, Map<String, String>> annotations, Instant lastActiveAt) {
        Objects.requireNonNull(lastActiveAt, "lastActiveAt");
        if (annotations.isEmpty()) {
            return;
        }
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert SET last_active_at = GREATEST(last_active_at, ?),"
                    + " annotations = COALESCE(CAST(? AS jsonb), annotations) WHERE id = ?")) {
                for (Map.Entry<Long, Map<String, String>> e : annotations.entrySet()) {
                    SqlTypes.setInstant(ps, 1, lastActiveAt);
                    ps.setString(2, Json.write(e.getValue()));
                    ps.setLong(3, e.getKey());
                    ps.addBatch();
                }
                return ps.executeBatch().length;
            }
        });
    }

    @Override
    public List<Alert> resolvedSince(String rule, Instant since) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(since, "since");
        return query("SELECT " + COLUMNS + " FROM alert WHERE rule = ? AND state = 'RESOLVED' AND ends_at >= ?"
                + " ORDER BY ends_at DESC, id DESC", ps -> {
            ps.setString(1, rule);
            SqlTypes.setInstant(ps, 2, since);
        });
    }

    @Override
    public void flag(long alertId, String silencedBy, String inhibitedBy) {
        tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert SET silenced_by = ?, inhibited_by = ? WHERE id = ?"
                    + " AND (silenced_by IS DISTINCT FROM ? OR inhibited_by IS DISTINCT FROM ?)")) {
                ps.setString(1, silencedBy);
                ps.setString(2, inhibitedBy);
                ps.setLong(3, alertId);
                ps.setString(4, silencedBy);
                ps.setString(5, inhibitedBy);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Map<Long, AlertFlags> flags(Collection<Long> alertIds) {
        if (alertIds.isEmpty()) {
            return Map.of();
        }
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, silenced_by, inhibited_by FROM alert WHERE id = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("bigint", alertIds.toArray()));
                Map<Long, AlertFlags> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), new AlertFlags(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<Alert> newestPerPair(Collection<String> rules, int perPair) {
        return query("SELECT " + COLUMNS + " FROM (SELECT alert.*, row_number() OVER (PARTITION BY labels ->> 'pair'"
                + " ORDER BY active_at DESC, id DESC) AS nth FROM alert WHERE rule = ANY (?)"
                + " AND labels ->> 'pair' IS NOT NULL) alert WHERE nth <= ? ORDER BY active_at DESC, id DESC", ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("text", rules.toArray()));
                    ps.setInt(2, Math.max(0, perPair));
                });
    }

    @Override
    public List<Alert> search(AlertQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alert WHERE true");
        List<Object> params = new ArrayList<>();
        if (q.state() != null) {
            sql.append(" AND state = ?");
            params.add(q.state().name());
        }
        if (q.rule() != null) {
            sql.append(" AND rule = ?");
            params.add(q.rule());
        }
        if (q.tenant() != null) {
            sql.append(" AND labels ->> 'tenant' = ?");
            params.add(q.tenant());
        }
        if (q.pair() != null) {
            sql.append(" AND labels ->> 'pair' = ?");
            params.add(q.pair());
        }
        if (!q.statuses().isEmpty()) {
            List<String> any = new ArrayList<>();
            for (AlertQuery.Status st : q.statuses()) {
                any.add(switch (st) {
                    case PENDING -> "state = 'PENDING'";
                    case FIRING -> "state = 'FIRING'";
                    case RESOLVED -> "state = 'RESOLVED'";
                    case ACKED -> "(state <> 'RESOLVED' AND acked_by IS NOT NULL)";
                    case SILENCED -> "(state <> 'RESOLVED' AND silenced_by IS NOT NULL)";
                    case INHIBITED -> "(state <> 'RESOLVED' AND inhibited_by IS NOT NULL)";
                });
            }
            sql.append(" AND (").append(String.join(" OR ", any.stream().sorted().toList())).append(')');
        }
        if (q.text() != null) {
            String pattern = "%" + q.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (rule ILIKE ? OR EXISTS (SELECT 1 FROM jsonb_each_text(labels) l WHERE l.value ILIKE ?)"
                    + " OR EXISTS (SELECT 1 FROM jsonb_each_text(annotations) a WHERE a.value ILIKE ?)"
                    + " OR ack_comment ILIKE ? OR EXISTS (SELECT 1 FROM alert_ack k WHERE k.alert_id = alert.id"
                    + " AND (k.comment ILIKE ? OR k.acked_by ILIKE ?)))");
            for (int i = 0; i < 6; i++) {
                params.add(pattern);
            }
        }
        if (q.since() != null) {
            sql.append(" AND (ends_at IS NULL OR ends_at >= ?)");
            params.add(q.since());
        }
        if (q.until() != null) {
            sql.append(" AND active_at < ?");
            params.add(q.until());
        }
        if (q.before() != null) {
            sql.append(" AND (active_at, id) < (?, ?)");
            params.add(q.before().at());
            params.add(q.before().id());
        }
        sql.append(" ORDER BY active_at DESC, id DESC LIMIT ?");
        params.add(Math.max(0, q.limit()));
        return query(sql.toString(), ps -> {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof Instant t) {
                    SqlTypes.setInstant(ps, i + 1, t);
                } else if (p instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else if (p instanceof Long n) {
                    ps.setLong(i + 1, n);
                } else {
                    ps.setString(i + 1, (String) p);
                }
            }
        });
    }

    private static void insertEvent(Connection c, long alertId, AlertState from, AlertState to, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_event (alert_id, from_state, to_state, at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, alertId);
            ps.setString(2, from == null ? null : from.name());
            ps.setString(3, to.name());
            SqlTypes.setInstant(ps, 4, at);
            ps.executeUpdate();
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Alert> query(String sql, Binder binder) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                List<Alert> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            }
        });
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static Alert read(ResultSet rs) throws SQLException {
        return new Alert(
                rs.getLong("id"),
                rs.getString("fingerprint"),
                rs.getString("rule"),
                Json.read(rs.getString("labels")),
                Json.read(rs.getString("annotations")),
                AlertState.valueOf(rs.getString("state")),
                SqlTypes.getInstant(rs, "active_at"),
                SqlTypes.getInstant(rs, "firing_at"),
                SqlTypes.getInstant(rs, "last_active_at"),
                SqlTypes.getInstant(rs, "ends_at"),
                rs.getString("acked_by"),
                SqlTypes.getInstant(rs, "acked_at"),
                rs.getString("ack_comment"));
    }
}
