package io.cpimon.db.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cpimon.config.LabelMatcher;
import io.cpimon.db.DataAccessException;
import io.cpimon.db.Keyset;
import io.cpimon.db.Silence;
import io.cpimon.db.SilenceStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Silences on PostgreSQL; matchers are a jsonb array of {@code {"name","op","value"}} ({@code op} one of
 * {@code = != =~ !~}). Thread-safe; blocking.
 */
public final class JdbcSilenceStore implements SilenceStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String COLUMNS = "id, matchers::text AS matchers, starts_at, ends_at, created_by, comment, created_at";

    private final JdbcTransactions tx;

    public JdbcSilenceStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Silence create(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        if (matchers == null || matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher");
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new IllegalArgumentException("a silence needs an author (createdBy)");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("endsAt must be after startsAt");
        }
        return query("INSERT INTO silence (matchers, starts_at, ends_at, created_by, comment) VALUES (CAST(? AS jsonb), ?, ?, ?, ?)"
                + " RETURNING " + COLUMNS, ps -> {
            ps.setString(1, write(matchers));
            SqlTypes.setInstant(ps, 2, startsAt);
            SqlTypes.setInstant(ps, 3, endsAt);
            ps.setString(4, createdBy);
            ps.setString(5, comment);
        }).getFirst();
    }

    @Override
    public Optional<Silence> get(long id) {
        return query("SELECT " + COLUMNS + " FROM silence WHERE id = ?", ps -> ps.setLong(1, id)).stream().findFirst();
    }

    @Override
    public List<Silence> current(Instant now) {
        return query("SELECT " + COLUMNS + " FROM silence WHERE ends_at > ? ORDER BY id", ps -> SqlTypes.setInstant(ps, 1, now));
    }

    @Override
    public List<Silence> list(Keyset before, int limit) {
        String where = before == null ? "" : " WHERE (created_at, id) < (?, ?)";
        return query("SELECT " + COLUMNS + " FROM silence" + where + " ORDER BY created_at DESC, id DESC LIMIT ?", ps -> {
            int i = 1;
            if (before != null) {
                SqlTypes.setInstant(ps, i++, before.at());
                ps.setLong(i++, before.id());
            }
            ps.setInt(i, Math.max(0, limit));
        });
    }

    @Override
    public boolean expire(long id, Instant now) {
        return tx.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM silence WHERE id = ? AND starts_at >= ?")) {
                del.setLong(1, id);
                SqlTypes.setInstant(del, 2, now);
                if (del.executeUpdate() > 0) {
                    return true;
                }
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE silence SET ends_at = ? WHERE id = ? AND ends_at > ?")) {
                SqlTypes.setInstant(up, 1, now);
                up.setLong(2, id);
                SqlTypes.setInstant(up, 3, now);
                return up.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<Silence> extend(long id, Instant endsAt, Instant now) {
        Objects.requireNonNull(endsAt, "endsAt");
        if (!endsAt.isAfter(now)) {
            throw new IllegalArgumentException("endsAt must be in the future");
        }
        Optional<Silence> current = get(id).filter(s -> s.endsAt().isAfter(now));
        if (current.isEmpty()) {
            return current;
        }
        if (!endsAt.isAfter(current.get().startsAt())) {
            throw new IllegalArgumentException("endsAt must be after the silence's start " + current.get().startsAt());
        }
        return query("UPDATE silence SET ends_at = ? WHERE id = ? AND ends_at > ? RETURNING " + COLUMNS, ps -> {
            SqlTypes.setInstant(ps, 1, endsAt);
            ps.setLong(2, id);
            SqlTypes.setInstant(ps, 3, now);
        }).stream().findFirst();
    }

    static String write(List<LabelMatcher> matchers) {
        ArrayNode array = MAPPER.createArrayNode();
        for (LabelMatcher m : matchers) {
            array.addObject().put("name", m.name()).put("op", m.op().symbol).put("value", m.value());
        }
        return array.toString();
    }

    static List<LabelMatcher> read(String json) {
        try {
            List<LabelMatcher> out = new ArrayList<>();
            for (JsonNode n : MAPPER.readTree(json)) {
                out.add(new LabelMatcher(n.path("name").asText(), LabelMatcher.Op.of(n.path("op").asText("=")),
                        n.path("value").asText("")));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new DataAccessException("unreadable silence matchers: " + e.getOriginalMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Silence> query(String sql, Binder binder) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                List<Silence> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Silence(rs.getLong("id"), read(rs.getString("matchers")), SqlTypes.getInstant(rs, "starts_at"),
                                SqlTypes.getInstant(rs, "ends_at"), rs.getString("created_by"), rs.getString("comment"),
                                SqlTypes.getInstant(rs, "created_at")));
                    }
                }
                return out;
            }
        });
    }
}
