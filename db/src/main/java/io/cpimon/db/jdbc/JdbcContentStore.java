package io.cpimon.db.jdbc;

import io.cpimon.db.ArtifactStore.SnapshotResult;
import io.cpimon.db.ContentRow;
import io.cpimon.db.ContentRow.Kind;
import io.cpimon.db.ContentStore;
import io.cpimon.db.DataStoreRow;
import io.cpimon.db.JmsBrokerRow;
import io.cpimon.db.ReadinessAck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** Tenant content snapshots per (tenant, kind) and readiness acknowledgements. Thread-safe; blocking. */
public final class JdbcContentStore implements ContentStore {
    private static final String COLUMNS = "tenant_id, kind, name, scope, visibility, updated_at, expires_at, seen_at";
    private static final String BROKER = "tenant_id, capacity, max_capacity, queue_number, max_queue_number,"
            + " capacity_ok, capacity_warning, capacity_error, transacted_sessions_high, consumers_high, producers_high,"
            + " seen_at";
    private static final String DATA_STORE = "tenant_id, name, iflow, type, visibility, messages, overdue, read_at";

    private final JdbcTransactions tx;

    public JdbcContentStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public SnapshotResult replace(String tenantId, Kind kind, List<ContentRow> snapshot, Instant takenAt) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(takenAt, "takenAt");
        Map<String, ContentRow> incoming = new TreeMap<>();
        for (ContentRow r : snapshot) {
            if (!tenantId.equals(r.tenantId()) || r.kind() != kind) {
                throw new IllegalArgumentException(r.kind().label() + " " + r.name() + " of tenant " + r.tenantId()
                        + " is not a " + kind.label() + " of " + tenantId);
            }
            Objects.requireNonNull(r.seenAt(), "seenAt");
            incoming.put(id(r), r);
        }
        return tx.inTransaction(c -> {
            Map<String, ContentRow> stored = new TreeMap<>();
            for (ContentRow r : read(c, "WHERE tenant_id = ? AND kind = ? FOR UPDATE", tenantId, kind.key())) {
                stored.put(id(r), r);
            }
            int inserted = 0;
            int changed = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenant_content (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, kind, name, scope) DO UPDATE SET"
                    + " visibility = EXCLUDED.visibility, updated_at = EXCLUDED.updated_at,"
                    + " expires_at = EXCLUDED.expires_at, seen_at = EXCLUDED.seen_at")) {
                for (Map.Entry<String, ContentRow> e : incoming.entrySet()) {
                    ContentRow r = e.getValue();
                    ContentRow old = stored.get(e.getKey());
                    if (old == null) {
                        inserted++;
                    } else if (!sameContent(old, r)) {
                        changed++;
                    }
                    ps.setString(1, tenantId);
                    ps.setString(2, kind.key());
                    ps.setString(3, r.name());
                    ps.setString(4, r.scope());
                    ps.setString(5, r.visibility());
                    SqlTypes.setInstant(ps, 6, r.updatedAt());
                    SqlTypes.setInstant(ps, 7, r.expiresAt());
                    SqlTypes.setInstant(ps, 8, r.seenAt());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            int deleted = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM tenant_content WHERE tenant_id = ? AND kind = ? AND name = ? AND scope = ?")) {
                for (Map.Entry<String, ContentRow> e : stored.entrySet()) {
                    if (!incoming.containsKey(e.getKey())) {
                        ps.setString(1, tenantId);
                        ps.setString(2, kind.key());
                        ps.setString(3, e.getValue().name());
                        ps.setString(4, e.getValue().scope());
                        ps.addBatch();
                        deleted++;
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenant_content_snapshot (tenant_id, kind, taken_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT (tenant_id, kind) DO UPDATE SET taken_at = EXCLUDED.taken_at")) {
                ps.setString(1, tenantId);
                ps.setString(2, kind.key());
                SqlTypes.setInstant(ps, 3, takenAt);
                ps.executeUpdate();
            }
            return new SnapshotResult(inserted, changed, deleted);
        });
    }

    /** The key within one (tenant, kind): name and scope, separated by a character neither may hold. */
    private static String id(ContentRow r) {
        return r.name() + '\u0000' + r.scope();
    }

    private static boolean sameContent(ContentRow a, ContentRow b) {
        return Objects.equals(a.visibility(), b.visibility()) && Objects.equals(a.updatedAt(), b.updatedAt())
                && Objects.equals(a.expiresAt(), b.expiresAt());
    }

    @Override
    public List<ContentRow> all() {
        return tx.withConnection(c -> read(c, ""));
    }

    @Override
    public Map<String, Set<Kind>> snapshots() {
        return tx.withConnection(c -> {
            Map<String, Set<Kind>> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id, kind FROM tenant_content_snapshot");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), t -> EnumSet.noneOf(Kind.class)).add(Kind.of(rs.getString(2)));
                }
            }
            return out;
        });
    }

    @Override
    public void ack(ReadinessAck ack) {
        tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO readiness_ack"
                    + " (pair_id, finding_key, reason, acked_by, acked_at) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (pair_id, finding_key) DO UPDATE SET reason = EXCLUDED.reason,"
                    + " acked_by = EXCLUDED.acked_by, acked_at = EXCLUDED.acked_at")) {
                ps.setString(1, ack.pairId());
                ps.setString(2, ack.findingKey());
                ps.setString(3, ack.reason());
                ps.setString(4, ack.ackedBy());
                SqlTypes.setInstant(ps, 5, ack.ackedAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean unack(String pairId, String findingKey) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM readiness_ack WHERE pair_id = ? AND finding_key = ?")) {
                ps.setString(1, pairId);
                ps.setString(2, findingKey);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<ReadinessAck> acks() {
        return tx.withConnection(c -> {
            List<ReadinessAck> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT pair_id, finding_key, reason, acked_by, acked_at"
                    + " FROM readiness_ack ORDER BY pair_id, finding_key");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ReadinessAck(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            SqlTypes.getInstant(rs, "acked_at")));
                }
            }
            return out;
        });
    }

    @Override
    public void broker(String tenantId, JmsBrokerRow b) {
        tx.withConnection(c -> {
            if (b == null) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM jms_broker WHERE tenant_id = ?")) {
                    ps.setString(1, tenantId);
                    return ps.executeUpdate();
                }
            }
            if (!tenantId.equals(b.tenantId())) {
                throw new IllegalArgumentException("broker of " + b.tenantId() + " is not the broker of " + tenantId);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jms_broker (" + BROKER + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET"
                    + " capacity = EXCLUDED.capacity, max_capacity = EXCLUDED.max_capacity,"
                    + " queue_number = EXCLUDED.queue_number, max_queue_number = EXCLUDED.max_queue_number,"
                    + " capacity_ok = EXCLUDED.capacity_ok, capacity_warning = EXCLUDED.capacity_warning,"
                    + " capacity_error = EXCLUDED.capacity_error,"
                    + " transacted_sessions_high = EXCLUDED.transacted_sessions_high,"
                    + " consumers_high = EXCLUDED.consumers_high, producers_high = EXCLUDED.producers_high,"
                    + " seen_at = EXCLUDED.seen_at")) {
                ps.setString(1, tenantId);
                ps.setLong(2, b.capacity());
                ps.setLong(3, b.maxCapacity());
                ps.setInt(4, b.queueNumber());
                ps.setInt(5, b.maxQueueNumber());
                ps.setInt(6, b.capacityOk());
                ps.setInt(7, b.capacityWarning());
                ps.setInt(8, b.capacityError());
                ps.setBoolean(9, b.transactedSessionsHigh());
                ps.setBoolean(10, b.consumersHigh());
                ps.setBoolean(11, b.producersHigh());
                SqlTypes.setInstant(ps, 12, b.seenAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<JmsBrokerRow> brokers() {
        return tx.withConnection(c -> {
            List<JmsBrokerRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + BROKER + " FROM jms_broker ORDER BY tenant_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new JmsBrokerRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getInt(5),
                            rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getBoolean(9), rs.getBoolean(10),
                            rs.getBoolean(11), SqlTypes.getInstant(rs, "seen_at")));
                }
            }
            return out;
        });
    }

    @Override
    public void dataStores(String tenantId, List<DataStoreRow> snapshot) {
        Objects.requireNonNull(tenantId, "tenantId");
        for (DataStoreRow r : snapshot) {
            if (!tenantId.equals(r.tenantId())) {
                throw new IllegalArgumentException("data store " + r.name() + " of " + r.tenantId()
                        + " is not a data store of " + tenantId);
            }
        }
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM data_store WHERE tenant_id = ?")) {
                ps.setString(1, tenantId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO data_store (" + DATA_STORE + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (DataStoreRow r : snapshot) {
                    ps.setString(1, tenantId);
                    ps.setString(2, r.name());
                    ps.setString(3, r.iflow());
                    ps.setString(4, r.type());
                    ps.setString(5, r.visibility());
                    ps.setLong(6, r.messages());
                    ps.setLong(7, r.overdue());
                    SqlTypes.setInstant(ps, 8, r.readAt());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<DataStoreRow> dataStores() {
        return tx.withConnection(c -> {
            List<DataStoreRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DATA_STORE
                    + " FROM data_store ORDER BY tenant_id, name, iflow, type");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DataStoreRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getLong(7), SqlTypes.getInstant(rs, "read_at")));
                }
            }
            return out;
        });
    }

    private static List<ContentRow> read(Connection c, String where, String... params) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM tenant_content " + (where.contains("FOR UPDATE")
                ? where.replace(" FOR UPDATE", " ORDER BY tenant_id, kind, name, scope FOR UPDATE")
                : where + " ORDER BY tenant_id, kind, name, scope");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            List<ContentRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ContentRow(rs.getString("tenant_id"), Kind.of(rs.getString("kind")),
                            rs.getString("name"), rs.getString("scope"), rs.getString("visibility"),
                            SqlTypes.getInstant(rs, "updated_at"), SqlTypes.getInstant(rs, "expires_at"),
                            SqlTypes.getInstant(rs, "seen_at")));
                }
            }
            return out;
        }
    }
}
