package io.cpimon.db.jdbc;

import io.cpimon.db.ArtifactRow;
import io.cpimon.db.ArtifactStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Runtime artifacts, replaced per tenant as a snapshot (a tenant deploys tens to hundreds). Thread-safe; blocking. */
public final class JdbcArtifactStore implements ArtifactStore {
    private static final String COLUMNS = "tenant_id, artifact_id, version, name, type, status, deployed_on, deployed_by, error_text, seen_at";

    private final JdbcTransactions tx;

    public JdbcArtifactStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public SnapshotResult replace(String tenantId, List<ArtifactRow> snapshot) {
        Objects.requireNonNull(tenantId, "tenantId");
        Map<String, ArtifactRow> incoming = new TreeMap<>();
        for (ArtifactRow a : snapshot) {
            if (!tenantId.equals(a.tenantId())) {
                throw new IllegalArgumentException("artifact " + a.artifactId() + " belongs to tenant " + a.tenantId() + ", not to " + tenantId);
            }
            Objects.requireNonNull(a.artifactId(), "artifactId");
            Objects.requireNonNull(a.seenAt(), "seenAt");
            incoming.put(a.artifactId(), a);
        }
        return tx.inTransaction(c -> {
            Map<String, ArtifactRow> stored = new TreeMap<>();
            for (ArtifactRow a : read(c, tenantId, true)) {
                stored.put(a.artifactId(), a);
            }
            int inserted = 0, changed = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runtime_artifact (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, artifact_id) DO UPDATE SET"
                    + " version = EXCLUDED.version, name = EXCLUDED.name, type = EXCLUDED.type, status = EXCLUDED.status,"
                    + " deployed_on = EXCLUDED.deployed_on, deployed_by = EXCLUDED.deployed_by,"
                    + " error_text = EXCLUDED.error_text, seen_at = EXCLUDED.seen_at")) {
                for (ArtifactRow a : incoming.values()) {
                    ArtifactRow old = stored.get(a.artifactId());
                    if (old == null) {
                        inserted++;
                    } else if (!sameContent(old, a)) {
                        changed++;
                    }
                    ps.setString(1, tenantId);
                    ps.setString(2, a.artifactId());
                    ps.setString(3, a.version());
                    ps.setString(4, a.name());
                    ps.setString(5, a.type());
                    ps.setString(6, a.status());
                    SqlTypes.setInstant(ps, 7, a.deployedOn());
                    ps.setString(8, a.deployedBy());
                    ps.setString(9, a.errorText());
                    SqlTypes.setInstant(ps, 10, a.seenAt());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            List<String> gone = new ArrayList<>(stored.keySet());
            gone.removeAll(incoming.keySet());
            if (!gone.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM runtime_artifact WHERE tenant_id = ? AND artifact_id = ANY (?)")) {
                    ps.setString(1, tenantId);
                    ps.setArray(2, c.createArrayOf("text", gone.toArray()));
                    ps.executeUpdate();
                }
            }
            return new SnapshotResult(inserted, changed, gone.size());
        });
    }

    private static boolean sameContent(ArtifactRow a, ArtifactRow b) {
        return Objects.equals(a.version(), b.version()) && Objects.equals(a.name(), b.name())
                && Objects.equals(a.type(), b.type()) && Objects.equals(a.status(), b.status())
                && Objects.equals(a.deployedOn(), b.deployedOn()) && Objects.equals(a.deployedBy(), b.deployedBy())
                && Objects.equals(a.errorText(), b.errorText());
    }

    @Override
    public List<ArtifactRow> of(String tenantId) {
        return tx.withConnection(c -> read(c, tenantId, false));
    }

    @Override
    public List<ArtifactRow> all() {
        return tx.withConnection(c -> read(c, null, false));
    }

    private static List<ArtifactRow> read(Connection c, String tenantId, boolean lock) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM runtime_artifact"
                + (tenantId == null ? "" : " WHERE tenant_id = ?") + " ORDER BY tenant_id, artifact_id"
                + (lock ? " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (tenantId != null) {
                ps.setString(1, tenantId);
            }
            List<ArtifactRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ArtifactRow(rs.getString("tenant_id"), rs.getString("artifact_id"), rs.getString("version"),
                            rs.getString("name"), rs.getString("type"), rs.getString("status"),
                            SqlTypes.getInstant(rs, "deployed_on"), rs.getString("deployed_by"), rs.getString("error_text"),
                            SqlTypes.getInstant(rs, "seen_at")));
                }
            }
            return out;
        }
    }
}
