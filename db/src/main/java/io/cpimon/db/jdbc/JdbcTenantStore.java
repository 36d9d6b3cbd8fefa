package io.cpimon.db.jdbc;

import io.cpimon.db.TenantRow;
import io.cpimon.db.TenantStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The tenant config mirror in plain JDBC: {@link #sync} is two statements whatever the number of tenants (one upsert of
 * every tenant as arrays, one delete), so starting with 1,000 tenants costs two round trips, not 1,000. Thread-safe;
 * blocking.
 */
public final class JdbcTenantStore implements TenantStore {
    /** Every tenant in one statement; a row whose values did not change is left alone (its updated_at stays). */
    private static final String UPSERT = """
            INSERT INTO tenant (id, name, labels, pair_id, role, api_url, probe_url)
            SELECT id, name, CAST(labels AS jsonb), pair_id, role, api_url, probe_url
            FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                        CAST(? AS text[]), CAST(? AS text[])) AS t(id, name, labels, pair_id, role, api_url, probe_url)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, labels = EXCLUDED.labels, pair_id = EXCLUDED.pair_id,
                role = EXCLUDED.role, api_url = EXCLUDED.api_url, probe_url = EXCLUDED.probe_url, updated_at = now()
            WHERE (tenant.name, tenant.labels, tenant.pair_id, tenant.role, tenant.api_url, tenant.probe_url)
                IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.labels, EXCLUDED.pair_id, EXCLUDED.role, EXCLUDED.api_url,
                                  EXCLUDED.probe_url)""";
    private static final String DELETE_OTHERS = "DELETE FROM tenant WHERE NOT (id = ANY (CAST(? AS text[])))";
    private static final String ALL = "SELECT id, name, CAST(labels AS text), pair_id, role, api_url, probe_url"
            + " FROM tenant ORDER BY id";

    private final JdbcTransactions tx;

    public JdbcTenantStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    /** One transaction: upserts every tenant, then deletes those not in {@code tenants}. */
    @Override
    public void sync(List<TenantRow> tenants) {
        Set<String> ids = new HashSet<>();
        for (TenantRow t : tenants) {
            if (!ids.add(Objects.requireNonNull(t.id(), "tenant id"))) {
                throw new IllegalArgumentException("tenant " + t.id() + " is listed twice");
            }
        }
        int n = tenants.size();
        String[][] columns = new String[7][n];
        for (int i = 0; i < n; i++) {
            TenantRow t = tenants.get(i);
            columns[0][i] = t.id();
            columns[1][i] = t.name() == null ? t.id() : t.name();
            columns[2][i] = Json.write(t.labels() == null ? Map.of() : t.labels());
            columns[3][i] = t.pairId();
            columns[4][i] = t.role();
            columns[5][i] = t.apiUrl();
            columns[6][i] = t.probeUrl();
        }
        tx.inTransaction(c -> {
            if (n > 0) {
                try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                    for (int col = 0; col < columns.length; col++) {
                        ps.setArray(col + 1, c.createArrayOf("text", columns[col]));
                    }
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(DELETE_OTHERS)) {
                ps.setArray(1, c.createArrayOf("text", columns[0]));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<TenantRow> all() {
        return tx.withConnection(JdbcTenantStore::all);
    }

    private static List<TenantRow> all(Connection c) throws SQLException {
        List<TenantRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ALL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new TenantRow(rs.getString(1), rs.getString(2), Json.read(rs.getString(3)), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)));
            }
        }
        return out;
    }
}
