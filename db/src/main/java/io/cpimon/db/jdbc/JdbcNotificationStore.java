package io.cpimon.db.jdbc;

import io.cpimon.db.ChannelBacklog;
import io.cpimon.db.Keyset;
import io.cpimon.db.NewNotification;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationGroup;
import io.cpimon.db.NotificationState;
import io.cpimon.db.NotificationStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The outbox on PostgreSQL. Thread-safe; blocking; safe for several dispatchers and instances. */
public final class JdbcNotificationStore implements NotificationStore {

    static final String COLUMNS = "id, alert_id, channel, dedup_key, group_key, payload::text AS payload, state,"
            + " attempts, created_at, next_attempt_at, last_error, sent_at, external_ref, dead_at";

    private static final String INSERT = "INSERT INTO notification (alert_id, channel, dedup_key, group_key, payload,"
            + " state, attempts, next_attempt_at) VALUES (?, ?, ?, ?, CAST(? AS jsonb), 'PENDING', 0, ?)"
            + " ON CONFLICT (dedup_key) DO NOTHING RETURNING " + COLUMNS;

    private static final String CLAIM = "WITH due AS (SELECT id, next_attempt_at AS due_at FROM notification"
            + " WHERE state = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"
            + " FOR UPDATE SKIP LOCKED)"
            + " UPDATE notification n SET attempts = n.attempts + 1, next_attempt_at = ?, retry_wait = false"
            + " FROM due WHERE n.id = due.id"
            + " RETURNING due.due_at, " + COLUMNS.replace("id, alert_id", "n.id, alert_id");

    private final JdbcTransactions tx;

    public JdbcNotificationStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public List<Notification> enqueue(List<NewNotification> notifications) {
        if (notifications.isEmpty()) {
            return List.of();
        }
        return tx.inTransaction(c -> insert(c, notifications, null));
    }

    /**
     * Inserts outbox rows on the caller's transaction; rows whose dedup key exists are skipped.
     * @param defaultAlertId used for rows whose alertId is null (an alert's own notifications); nullable
     * @return the rows inserted, in input order
     */
    static List<Notification> insert(Connection c, List<NewNotification> notifications, Long defaultAlertId)
            throws SQLException {
        List<Notification> out = new ArrayList<>(notifications.size());
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (NewNotification n : notifications) {
                SqlTypes.setLongOrNull(ps, 1, n.alertId() != null ? n.alertId() : defaultAlertId);
                ps.setString(2, Objects.requireNonNull(n.channel(), "channel"));
                ps.setString(3, n.dedupKey());
                ps.setString(4, n.groupKey());
                ps.setString(5, Json.requireValid(n.payloadJson(), "payloadJson"));
                SqlTypes.setInstant(ps, 6, Objects.requireNonNull(n.dueAt(), "dueAt"));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.add(read(rs));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public List<Notification> claimDue(Instant now, int limit, Duration lease) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(lease, "lease");
        if (limit <= 0) {
            return List.of();
        }
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                SqlTypes.setInstant(ps, 1, now);
                ps.setInt(2, limit);
                SqlTypes.setInstant(ps, 3, now.plus(lease));
                record Claimed(Instant dueAt, Notification notification) {}
                List<Claimed> claimed = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(new Claimed(SqlTypes.getInstant(rs, "due_at"), read(rs)));
                    }
                }
                // RETURNING has no order: hand them out oldest due first, like the SELECT chose them
                claimed.sort(Comparator.comparing(Claimed::dueAt).thenComparingLong(k -> k.notification().id()));
                return claimed.stream().map(Claimed::notification).toList();
            }
        });
    }

    @Override
    public Map<String, Map<NotificationState, Long>> countByChannel() {
        return tx.withConnection(c -> {
            Map<String, Map<NotificationState, Long>> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT channel, state, count(*) FROM notification GROUP BY channel, state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> {
                        Map<NotificationState, Long> m = new EnumMap<>(NotificationState.class);
                        for (NotificationState st : NotificationState.values()) {
                            m.put(st, 0L);
                        }
                        return m;
                    }).put(NotificationState.valueOf(rs.getString(2)), rs.getLong(3));
                }
            }
            return out;
        });
    }

    @Override
    public List<NotificationGroup> dueGroups(Instant now, int limit) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT group_key, channel FROM notification"
                    + " WHERE state = 'PENDING' AND next_attempt_at <= ? AND group_key IS NOT NULL"
                    + " GROUP BY group_key, channel ORDER BY min(created_at), min(next_attempt_at), group_key, channel"
                    + " LIMIT ?")) {
                SqlTypes.setInstant(ps, 1, Objects.requireNonNull(now, "now"));
                ps.setInt(2, Math.max(0, limit));
                List<NotificationGroup> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new NotificationGroup(rs.getString(1), rs.getString(2)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<Notification> claimGroup(String groupKey, String channel, Instant now, Duration lease) {
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(channel, "channel");
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH g AS (SELECT id FROM notification"
                    + " WHERE state = 'PENDING' AND group_key = ? AND channel = ? AND (next_attempt_at <= ? OR attempts = 0)"
                    + " ORDER BY created_at, id"
                    + " FOR UPDATE SKIP LOCKED)"
                    + " UPDATE notification n SET attempts = n.attempts + 1, next_attempt_at = ?, retry_wait = false"
                    + " FROM g WHERE n.id = g.id"
                    + " RETURNING " + COLUMNS.replace("id, alert_id", "n.id, alert_id"))) {
                ps.setString(1, groupKey);
                ps.setString(2, channel);
                SqlTypes.setInstant(ps, 3, Objects.requireNonNull(now, "now"));
                SqlTypes.setInstant(ps, 4, now.plus(lease));
                List<Notification> rows = readAll(ps);
                List<Notification> sorted = new ArrayList<>(rows);
                sorted.sort(Comparator.comparing(Notification::createdAt).thenComparingLong(Notification::id));
                return sorted;
            }
        });
    }

    @Override
    public void postpone(long id, Instant dueAt, String why) {
        update("UPDATE notification SET next_attempt_at = ?, attempts = GREATEST(attempts - 1, 0), last_error = ?,"
                + " retry_wait = false"
                + " WHERE id = ? AND state = 'PENDING'", ps -> {
                    SqlTypes.setInstant(ps, 1, Objects.requireNonNull(dueAt, "dueAt"));
                    ps.setString(2, why);
                    ps.setLong(3, id);
                });
    }

    @Override
    public void markSent(long id, Instant at, String externalRef) {
        update("UPDATE notification SET state = 'SENT', sent_at = ?, external_ref = COALESCE(?, external_ref)"
                + " WHERE id = ?", ps -> {
                    SqlTypes.setInstant(ps, 1, Objects.requireNonNull(at, "at"));
                    ps.setString(2, externalRef);
                    ps.setLong(3, id);
                });
    }

    @Override
    public void markRetry(long id, Instant nextAttemptAt, String error) {
        // a row that is SENT or DEAD stays so: only a pending row is rescheduled
        update("UPDATE notification SET next_attempt_at = ?, last_error = ?, retry_wait = true"
                + " WHERE id = ? AND state = 'PENDING'", ps -> {
            SqlTypes.setInstant(ps, 1, Objects.requireNonNull(nextAttemptAt, "nextAttemptAt"));
            ps.setString(2, error);
            ps.setLong(3, id);
        });
    }

    @Override
    public int wakeRetries(String channel, Instant now) {
        Objects.requireNonNull(channel, "channel");
        // only rows waiting out a backoff: a row claimed by another dispatcher (leased, in flight) or held back for
        // a group interval or rate limit is not waiting for a retry, and making it due could send it twice
        return update("UPDATE notification SET next_attempt_at = ?, retry_wait = false WHERE channel = ?"
                + " AND state = 'PENDING' AND retry_wait AND next_attempt_at > ?", ps -> {
                    SqlTypes.setInstant(ps, 1, Objects.requireNonNull(now, "now"));
                    ps.setString(2, channel);
                    SqlTypes.setInstant(ps, 3, now);
                });
    }

    @Override
    public Optional<Notification> get(long id) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM notification WHERE id = ?")) {
                ps.setLong(1, id);
                return readAll(ps).stream().findFirst();
            }
        });
    }

    @Override
    public boolean retry(long id, Instant now) {
        return update("UPDATE notification SET state = 'PENDING', attempts = 0, created_at = ?, next_attempt_at = ?,"
                + " dead_at = NULL, retry_wait = false WHERE id = ? AND state = 'DEAD'", ps -> {
                    SqlTypes.setInstant(ps, 1, Objects.requireNonNull(now, "now"));
                    SqlTypes.setInstant(ps, 2, now);
                    ps.setLong(3, id);
                }) == 1;
    }

    @Override
    public boolean discard(long id) {
        return update("DELETE FROM notification WHERE id = ? AND state IN ('DEAD', 'PENDING')",
                ps -> ps.setLong(1, id)) == 1;
    }

    @Override
    public void markDead(long id, Instant at, String error) {
        update("UPDATE notification SET state = 'DEAD', dead_at = ?, last_error = ? WHERE id = ? AND state = 'PENDING'",
                ps -> {
                    SqlTypes.setInstant(ps, 1, Objects.requireNonNull(at, "at"));
                    ps.setString(2, error);
                    ps.setLong(3, id);
                });
    }

    @Override
    public List<Notification> list(NotificationState state, String channel, Instant since, Instant until,
                                   Keyset before, int limit) {
        return tx.withConnection(c -> {
            List<String> where = new ArrayList<>();
            if (state != null) {
                where.add("state = ?");
            }
            if (channel != null) {
                where.add("channel = ?");
            }
            if (since != null) {
                where.add("created_at >= ?");
            }
            if (until != null) {
                where.add("created_at < ?");
            }
            if (before != null) {
                where.add("(created_at, id) < (?, ?)");
            }
            String sql = "SELECT " + COLUMNS + " FROM notification"
                    + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                    + " ORDER BY created_at DESC, id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (state != null) {
                    ps.setString(i++, state.name());
                }
                if (channel != null) {
                    ps.setString(i++, channel);
                }
                if (since != null) {
                    SqlTypes.setInstant(ps, i++, since);
                }
                if (until != null) {
                    SqlTypes.setInstant(ps, i++, until);
                }
                if (before != null) {
                    SqlTypes.setInstant(ps, i++, before.at());
                    ps.setLong(i++, before.id());
                }
                ps.setInt(i, Math.max(0, limit));
                return readAll(ps);
            }
        });
    }

    @Override
    public List<Notification> forAlert(long alertId) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM notification WHERE alert_id = ? ORDER BY created_at, id")) {
                ps.setLong(1, alertId);
                return readAll(ps);
            }
        });
    }

    @Override
    public Map<String, ChannelBacklog> backlog() {
        return tx.withConnection(c -> {
            Map<String, ChannelBacklog> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT channel,
                           count(*) FILTER (WHERE state = 'PENDING'),
                           count(*) FILTER (WHERE state = 'PENDING' AND retry_wait),
                           count(*) FILTER (WHERE state = 'SENT'),
                           count(*) FILTER (WHERE state = 'DEAD'),
                           max(sent_at),
                           min(next_attempt_at) FILTER (WHERE state = 'PENDING' AND retry_wait),
                           (array_agg(last_error ORDER BY coalesce(dead_at, next_attempt_at) DESC, id DESC)
                               FILTER (WHERE state <> 'SENT' AND last_error IS NOT NULL))[1]
                    FROM notification GROUP BY channel""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new ChannelBacklog(rs.getString(1), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), instant(rs, 6), instant(rs, 7),
                            rs.getString(8)));
                }
            }
            return out;
        });
    }

    @Override
    public Map<NotificationState, Long> countByState() {
        return tx.withConnection(c -> {
            Map<NotificationState, Long> counts = new EnumMap<>(NotificationState.class);
            for (NotificationState s : NotificationState.values()) {
                counts.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM notification GROUP BY state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(NotificationState.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            }
        });
    }

    static List<Notification> readAll(PreparedStatement ps) throws SQLException {
        List<Notification> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    static Notification read(ResultSet rs) throws SQLException {
        return new Notification(
                rs.getLong("id"),
                SqlTypes.getLongOrNull(rs, "alert_id"),
                rs.getString("channel"),
                rs.getString("dedup_key"),
                rs.getString("group_key"),
                rs.getString("payload"),
                NotificationState.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                SqlTypes.getInstant(rs, "created_at"),
                SqlTypes.getInstant(rs, "next_attempt_at"),
                rs.getString("last_error"),
                SqlTypes.getInstant(rs, "sent_at"),
                rs.getString("external_ref"),
                SqlTypes.getInstant(rs, "dead_at"));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
