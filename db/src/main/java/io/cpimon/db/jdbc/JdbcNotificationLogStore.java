package io.cpimon.db.jdbc;

import io.cpimon.db.NotificationLogEntry;
import io.cpimon.db.NotificationLogStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The notification log on PostgreSQL. Thread-safe; blocking. */
public final class JdbcNotificationLogStore implements NotificationLogStore {
    private static final String COLUMNS = "group_key, channel, firing::text AS firing, episode_start, last_reason,"
            + " last_sent_at, external_ref";

    private final JdbcTransactions tx;

    public JdbcNotificationLogStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<NotificationLogEntry> get(String groupKey, String channel) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM notification_log WHERE group_key = ? AND channel = ?")) {
                ps.setString(1, groupKey);
                ps.setString(2, channel);
                List<NotificationLogEntry> all = readAll(ps);
                return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
            }
        });
    }

    @Override
    public void put(NotificationLogEntry e) {
        tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notification_log (group_key, channel, firing,"
                    + " episode_start, last_reason, last_sent_at, external_ref) VALUES (?, ?, CAST(? AS jsonb), ?, ?, ?, ?)"
                    + " ON CONFLICT (group_key, channel) DO UPDATE SET firing = EXCLUDED.firing,"
                    + " episode_start = EXCLUDED.episode_start, last_reason = EXCLUDED.last_reason,"
                    + " last_sent_at = EXCLUDED.last_sent_at, external_ref = EXCLUDED.external_ref")) {
                ps.setString(1, Objects.requireNonNull(e.groupKey(), "groupKey"));
                ps.setString(2, Objects.requireNonNull(e.channel(), "channel"));
                ps.setString(3, Json.requireValid(e.firingJson(), "firingJson"));
                SqlTypes.setInstant(ps, 4, e.episodeStart());
                ps.setString(5, Objects.requireNonNull(e.lastReason(), "lastReason"));
                SqlTypes.setInstant(ps, 6, Objects.requireNonNull(e.lastSentAt(), "lastSentAt"));
                ps.setString(7, e.externalRef());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<NotificationLogEntry> firingSentBefore(Instant sentBefore, int limit) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM notification_log"
                    + " WHERE episode_start IS NOT NULL AND last_sent_at <= ? ORDER BY last_sent_at, group_key, channel LIMIT ?")) {
                SqlTypes.setInstant(ps, 1, Objects.requireNonNull(sentBefore, "sentBefore"));
                ps.setInt(2, Math.max(0, limit));
                return readAll(ps);
            }
        });
    }

    @Override
    public List<NotificationLogEntry> list(int limit) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM notification_log"
                    + " ORDER BY last_sent_at DESC, group_key, channel LIMIT ?")) {
                ps.setInt(1, Math.max(0, limit));
                return readAll(ps);
            }
        });
    }

    private static List<NotificationLogEntry> readAll(PreparedStatement ps) throws SQLException {
        List<NotificationLogEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new NotificationLogEntry(rs.getString("group_key"), rs.getString("channel"), rs.getString("firing"),
                        SqlTypes.getInstant(rs, "episode_start"), rs.getString("last_reason"),
                        SqlTypes.getInstant(rs, "last_sent_at"), rs.getString("external_ref")));
            }
        }
        return out;
    }
}
