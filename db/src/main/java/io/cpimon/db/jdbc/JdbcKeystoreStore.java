package io.cpimon.db.jdbc;

import io.cpimon.db.ArtifactStore.SnapshotResult;
import io.cpimon.db.KeystoreRow;
import io.cpimon.db.KeystoreStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Keystore entries, replaced per tenant as a snapshot. Thread-safe; blocking. */
public final class JdbcKeystoreStore implements KeystoreStore {
    private static final String COLUMNS = "tenant_id, alias, type, owner, subject_dn, issuer_dn, valid_not_before, valid_not_after, seen_at";

    private final JdbcTransactions tx;

    public JdbcKeystoreStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public SnapshotResult replace(String tenantId, List<KeystoreRow> snapshot) {
        Objects.requireNonNull(tenantId, "tenantId");
        Map<String, KeystoreRow> incoming = new TreeMap<>();
        for (KeystoreRow k : snapshot) {
            if (!tenantId.equals(k.tenantId())) {
                throw new IllegalArgumentException("keystore entry " + k.alias() + " belongs to tenant " + k.tenantId() + ", not to " + tenantId);
            }
            Objects.requireNonNull(k.alias(), "alias");
            Objects.requireNonNull(k.seenAt(), "seenAt");
            incoming.put(k.alias(), k);
        }
        return tx.inTransaction(c -> {
            Map<String, KeystoreRow> stored = new TreeMap<>();
            for (KeystoreRow k : read(c, tenantId, true)) {
                stored.put(k.alias(), k);
            }
            int inserted = 0, changed = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO keystore_entry (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, alias) DO UPDATE SET"
                    + " type = EXCLUDED.type, owner = EXCLUDED.owner, subject_dn = EXCLUDED.subject_dn,"
                    + " issuer_dn = EXCLUDED.issuer_dn, valid_not_before = EXCLUDED.valid_not_before,"
                    + " valid_not_after = EXCLUDED.valid_not_after, seen_at = EXCLUDED.seen_at")) {
                for (KeystoreRow k : incoming.values()) {
                    KeystoreRow old = stored.get(k.alias());
                    if (old == null) {
                        inserted++;
                    } else if (!sameContent(old, k)) {
                        changed++;
                    }
                    ps.setString(1, tenantId);
                    ps.setString(2, k.alias());
                    ps.setString(3, k.type());
                    ps.setString(4, k.owner());
                    ps.setString(5, k.subjectDn());
                    ps.setString(6, k.issuerDn());
                    SqlTypes.setInstant(ps, 7, k.validNotBefore());
                    SqlTypes.setInstant(ps, 8, k.validNotAfter());
                    SqlTypes.setInstant(ps, 9, k.seenAt());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            List<String> gone = new ArrayList<>(stored.keySet());
            gone.removeAll(incoming.keySet());
            if (!gone.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM keystore_entry WHERE tenant_id = ? AND alias = ANY (?)")) {
                    ps.setString(1, tenantId);
                    ps.setArray(2, c.createArrayOf("text", gone.toArray()));
                    ps.executeUpdate();
                }
            }
            return new SnapshotResult(inserted, changed, gone.size());
        });
    }

    private static boolean sameContent(KeystoreRow a, KeystoreRow b) {
        return Objects.equals(a.type(), b.type()) && Objects.equals(a.owner(), b.owner())
                && Objects.equals(a.subjectDn(), b.subjectDn()) && Objects.equals(a.issuerDn(), b.issuerDn())
                && Objects.equals(a.validNotBefore(), b.validNotBefore()) && Objects.equals(a.validNotAfter(), b.validNotAfter());
    }

    @Override
    public List<KeystoreRow> of(String tenantId) {
        return tx.withConnection(c -> read(c, tenantId, false));
    }

    @Override
    public List<KeystoreRow> all() {
        return tx.withConnection(c -> read(c, null, false));
    }

    private static List<KeystoreRow> read(Connection c, String tenantId, boolean lock) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM keystore_entry" + (tenantId == null ? "" : " WHERE tenant_id = ?")
                + " ORDER BY tenant_id, alias" + (lock ? " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (tenantId != null) {
                ps.setString(1, tenantId);
            }
            List<KeystoreRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new KeystoreRow(rs.getString("tenant_id"), rs.getString("alias"), rs.getString("type"),
                            rs.getString("owner"), rs.getString("subject_dn"), rs.getString("issuer_dn"),
                            SqlTypes.getInstant(rs, "valid_not_before"), SqlTypes.getInstant(rs, "valid_not_after"),
                            SqlTypes.getInstant(rs, "seen_at")));
                }
            }
            return out;
        }
    }
}
