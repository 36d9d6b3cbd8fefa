package io.cpimon.db.jdbc;

import io.cpimon.db.InstanceRow;
import io.cpimon.db.LeaseLostException;
import io.cpimon.db.LeaseRow;
import io.cpimon.db.LeaseStore;
import io.cpimon.db.LeaseToken;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link LeaseStore} on the tables {@code cpimon_instance} and {@code lease} (V1, V110). An acquisition and a renewal
 * are single conditional statements, so two instances racing for one lease serialize on its row: the loser's
 * condition no longer holds when it gets the row. Thread-safe.
 */
public final class JdbcLeaseStore implements LeaseStore {
    private final JdbcTransactions tx;

    public JdbcLeaseStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    /**
     * Locks the lease row of {@code token} for the rest of {@code c}'s transaction (a takeover waits until it ends)
     * and checks it still shows the token's holder and epoch.
     * @throws LeaseLostException when it does not: the caller's transaction must roll back
     */
    public static void fence(Connection c, LeaseToken token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM lease WHERE name = ? AND holder = ? AND epoch = ? FOR SHARE")) {
            ps.setString(1, token.name());
            ps.setString(2, token.holder());
            ps.setLong(3, token.epoch());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new LeaseLostException(token);
                }
            }
        }
    }

    @Override
    public void heartbeat(String instanceId, Instant startedAt, Instant now, Instant expiresAt) {
        tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cpimon_instance"
                    + " (instance_id, started_at, heartbeat_at, expires_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (instance_id) DO UPDATE SET started_at = EXCLUDED.started_at,"
                    + " heartbeat_at = EXCLUDED.heartbeat_at, expires_at = EXCLUDED.expires_at")) {
                ps.setString(1, instanceId);
                SqlTypes.setInstant(ps, 2, startedAt);
                SqlTypes.setInstant(ps, 3, now);
                SqlTypes.setInstant(ps, 4, expiresAt);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<InstanceRow> instances() {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT instance_id, started_at, heartbeat_at, expires_at"
                    + " FROM cpimon_instance ORDER BY instance_id"); ResultSet rs = ps.executeQuery()) {
                List<InstanceRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new InstanceRow(rs.getString(1), SqlTypes.getInstant(rs, "started_at"),
                            SqlTypes.getInstant(rs, "heartbeat_at"), SqlTypes.getInstant(rs, "expires_at")));
                }
                return rows;
            }
        });
    }

    @Override
    public void leave(String instanceId, Instant forgetBefore) {
        tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM cpimon_instance WHERE instance_id = ? OR expires_at < ?")) {
                ps.setString(1, instanceId);
                SqlTypes.setInstant(ps, 2, forgetBefore);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<LeaseToken> acquire(String name, String holder, Instant now, Instant expiresAt) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO lease"
                    + " (name, holder, expires_at, epoch, acquired_at) VALUES (?, ?, ?, 1, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,"
                    + " epoch = lease.epoch + 1, acquired_at = EXCLUDED.acquired_at"
                    + " WHERE lease.expires_at <= ? OR lease.holder = EXCLUDED.holder"
                    + " RETURNING epoch")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                SqlTypes.setInstant(ps, 3, expiresAt);
                SqlTypes.setInstant(ps, 4, now);
                SqlTypes.setInstant(ps, 5, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new LeaseToken(name, holder, rs.getLong(1))) : Optional.empty();
                }
            }
        });
    }

    /** One statement; the rows are locked in name order, so two instances taking overlapping sets cannot deadlock. */
    @Override
    public Map<String, LeaseToken> acquireAll(Collection<String> names, String holder, Instant now,
                                              Instant expiresAt) {
        if (names.isEmpty()) {
            return Map.of();
        }
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO lease"
                    + " (name, holder, expires_at, epoch, acquired_at)"
                    + " SELECT n, ?, ?, 1, ? FROM unnest(CAST(? AS text[])) AS n ORDER BY n"
                    + " ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,"
                    + " epoch = lease.epoch + 1, acquired_at = EXCLUDED.acquired_at"
                    + " WHERE lease.expires_at <= ? OR lease.holder = EXCLUDED.holder"
                    + " RETURNING name, epoch")) {
                ps.setString(1, holder);
                SqlTypes.setInstant(ps, 2, expiresAt);
                SqlTypes.setInstant(ps, 3, now);
                ps.setArray(4, c.createArrayOf("text", names.toArray()));
                SqlTypes.setInstant(ps, 5, now);
                Map<String, LeaseToken> taken = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        taken.put(rs.getString(1), new LeaseToken(rs.getString(1), holder, rs.getLong(2)));
                    }
                }
                return taken;
            }
        });
    }

    @Override
    public Set<String> renew(String holder, Collection<String> names, Instant expiresAt) {
        if (names.isEmpty()) {
            return Set.of();
        }
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE lease SET expires_at = ?"
                    + " WHERE holder = ? AND name = ANY (?) RETURNING name")) {
                SqlTypes.setInstant(ps, 1, expiresAt);
                ps.setString(2, holder);
                ps.setArray(3, c.createArrayOf("text", names.toArray()));
                Set<String> renewed = new LinkedHashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        renewed.add(rs.getString(1));
                    }
                }
                return renewed;
            }
        });
    }

    @Override
    public void release(String holder, String name, Instant now) {
        tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE lease SET expires_at = ? WHERE name = ? AND holder = ? AND expires_at > ?")) {
                SqlTypes.setInstant(ps, 1, now);
                ps.setString(2, name);
                ps.setString(3, holder);
                SqlTypes.setInstant(ps, 4, now);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<LeaseRow> leases() {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, holder, expires_at, epoch, acquired_at FROM lease ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                List<LeaseRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new LeaseRow(rs.getString(1), rs.getString(2), SqlTypes.getInstant(rs, "expires_at"),
                            rs.getLong(4), SqlTypes.getInstant(rs, "acquired_at")));
                }
                return rows;
            }
        });
    }
}
