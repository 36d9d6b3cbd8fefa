package io.cpimon.db.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TenantRepository extends GenericRepository<TenantEntity, String> {

    @Query("SELECT id, name, CAST(labels AS text) AS labels, pair_id, role, api_url, probe_url FROM tenant ORDER BY id")
    List<TenantEntity> findAllOrderById();

    @Query("""
            INSERT INTO tenant (id, name, labels, pair_id, role, api_url, probe_url)
            VALUES (:id, :name, CAST(:labels AS jsonb), :pairId, :role, :apiUrl, :probeUrl)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, labels = EXCLUDED.labels, pair_id = EXCLUDED.pair_id,
                role = EXCLUDED.role, api_url = EXCLUDED.api_url, probe_url = EXCLUDED.probe_url, updated_at = now()
            WHERE (tenant.name, tenant.labels, tenant.pair_id, tenant.role, tenant.api_url, tenant.probe_url)
                IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.labels, EXCLUDED.pair_id, EXCLUDED.role, EXCLUDED.api_url,
                                  EXCLUDED.probe_url)""")
    void upsert(String id, String name, String labels, @Nullable String pairId, @Nullable String role,
                @Nullable String apiUrl, @Nullable String probeUrl);

    @Query("DELETE FROM tenant WHERE id = :id")
    int deleteTenant(String id);
}
