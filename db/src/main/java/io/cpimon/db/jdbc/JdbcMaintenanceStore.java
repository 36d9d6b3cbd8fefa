package io.cpimon.db.jdbc;

import io.cpimon.config.LabelMatcher;
import io.cpimon.db.Keyset;
import io.cpimon.db.MaintenanceStore;
import io.cpimon.db.MaintenanceWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Maintenance windows on PostgreSQL: a {@code maintenance_window} row owns its {@code silence} rows
 * ({@code silence.window_id}, deleted with it). Thread-safe; blocking.
 */
public final class JdbcMaintenanceStore implements MaintenanceStore {
    private static final Set<String> KINDS = Set.of("tenant", "pair");
    private static final String COLUMNS = "w.id, w.kind, w.target, w.starts_at, w.ends_at, w.created_by, w.comment,"
            + " w.created_at, ARRAY(SELECT s.id FROM silence s WHERE s.window_id = w.id ORDER BY s.id) AS silences";

    private final JdbcTransactions tx;

    public JdbcMaintenanceStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public MaintenanceWindow create(String kind, String target, List<List<LabelMatcher>> matcherSets,
                                    Instant startsAt, Instant endsAt, String createdBy, String comment) {
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        if (!KINDS.contains(kind) || target == null || target.isBlank()) {
            throw new IllegalArgumentException("a window is for a tenant or a pair, got " + kind + " " + target);
        }
        if (matcherSets == null || matcherSets.isEmpty() || matcherSets.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("a window needs at least one silence, each with a matcher");
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new IllegalArgumentException("a window needs an author (createdBy)");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("endsAt must be after startsAt");
        }
        long id = tx.inTransaction(c -> {
            long windowId;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO maintenance_window"
                    + " (kind, target, starts_at, ends_at, created_by, comment) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, kind);
                ps.setString(2, target);
                SqlTypes.setInstant(ps, 3, startsAt);
                SqlTypes.setInstant(ps, 4, endsAt);
                ps.setString(5, createdBy);
                ps.setString(6, comment);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    windowId = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO silence"
                    + " (matchers, starts_at, ends_at, created_by, comment, window_id) VALUES (CAST(? AS jsonb), ?, ?, ?, ?, ?)")) {
                for (List<LabelMatcher> matchers : matcherSets) {
                    ps.setString(1, JdbcSilenceStore.write(matchers));
                    SqlTypes.setInstant(ps, 2, startsAt);
                    SqlTypes.setInstant(ps, 3, endsAt);
                    ps.setString(4, createdBy);
                    ps.setString(5, comment);
                    ps.setLong(6, windowId);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return windowId;
        });
        return get(id).orElseThrow();
    }

    @Override
    public Optional<MaintenanceWindow> get(long id) {
        return query("SELECT " + COLUMNS + " FROM maintenance_window w WHERE w.id = ?", ps -> ps.setLong(1, id))
                .stream().findFirst();
    }

    @Override
    public List<MaintenanceWindow> current(Instant now) {
        return query("SELECT " + COLUMNS + " FROM maintenance_window w WHERE w.ends_at > ? ORDER BY w.starts_at, w.id",
                ps -> SqlTypes.setInstant(ps, 1, now));
    }

    @Override
    public List<MaintenanceWindow> list(Instant since, Instant until, Keyset before, int limit) {
        return query("SELECT " + COLUMNS + " FROM maintenance_window w"
                + " WHERE (CAST(? AS timestamptz) IS NULL OR w.starts_at >= ?)"
                + " AND (CAST(? AS timestamptz) IS NULL OR w.starts_at < ?)"
                + " AND (CAST(? AS timestamptz) IS NULL OR (w.starts_at, w.id) < (?, ?))"
                + " ORDER BY w.starts_at DESC, w.id DESC LIMIT ?", ps -> {
                    SqlTypes.setInstant(ps, 1, since);
                    SqlTypes.setInstant(ps, 2, since);
                    SqlTypes.setInstant(ps, 3, until);
                    SqlTypes.setInstant(ps, 4, until);
                    SqlTypes.setInstant(ps, 5, before == null ? null : before.at());
                    SqlTypes.setInstant(ps, 6, before == null ? null : before.at());
                    ps.setLong(7, before == null ? 0 : before.id());
                    ps.setInt(8, Math.max(0, limit));
                });
    }

    @Override
    public Optional<MaintenanceWindow> extend(long id, Instant endsAt, Instant now) {
        Objects.requireNonNull(endsAt, "endsAt");
        if (!endsAt.isAfter(now)) {
            throw new IllegalArgumentException("endsAt must be in the future");
        }
        Optional<MaintenanceWindow> current = get(id).filter(w -> w.endsAt().isAfter(now));
        if (current.isEmpty()) {
            return current;
        }
        if (!endsAt.isAfter(current.get().startsAt())) {
            throw new IllegalArgumentException("endsAt must be after the window's start " + current.get().startsAt());
        }
        boolean moved = tx.inTransaction(c -> setEnd(c, id, endsAt, now));
        return moved ? get(id) : Optional.empty();
    }

    @Override
    public boolean end(long id, Instant now) {
        return tx.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM maintenance_window WHERE id = ? AND starts_at >= ?")) {
                del.setLong(1, id);
                SqlTypes.setInstant(del, 2, now);
                if (del.executeUpdate() > 0) {
                    return true;
                }
            }
            return setEnd(c, id, now, now);
        });
    }

    /** Moves the end of a window not ended at {@code now} and of its silences; false when there is none. */
    private static boolean setEnd(Connection c, long id, Instant endsAt, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE maintenance_window SET ends_at = ? WHERE id = ? AND ends_at > ?")) {
            SqlTypes.setInstant(ps, 1, endsAt);
            ps.setLong(2, id);
            SqlTypes.setInstant(ps, 3, now);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE silence SET ends_at = ? WHERE window_id = ?")) {
            SqlTypes.setInstant(ps, 1, endsAt);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        return true;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<MaintenanceWindow> query(String sql, Binder binder) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                List<MaintenanceWindow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Long[] silences = (Long[]) rs.getArray("silences").getArray();
                        out.add(new MaintenanceWindow(rs.getLong("id"), rs.getString("kind"), rs.getString("target"),
                                SqlTypes.getInstant(rs, "starts_at"), SqlTypes.getInstant(rs, "ends_at"),
                                rs.getString("created_by"), rs.getString("comment"),
                                SqlTypes.getInstant(rs, "created_at"), Arrays.asList(silences)));
                    }
                }
                return out;
            }
        });
    }
}
