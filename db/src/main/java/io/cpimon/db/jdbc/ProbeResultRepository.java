package io.cpimon.db.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ProbeResultRepository extends CrudRepository<ProbeResultEntity, Long> {

    @Query("SELECT * FROM probe_result WHERE tenant_id = :tenantId ORDER BY at DESC, id DESC LIMIT :n")
    List<ProbeResultEntity> lastN(String tenantId, int n);

    /** A loose index scan over (tenant_id, at DESC, id DESC): one index probe per tenant, not a scan of every result. */
    @Query("""
            WITH RECURSIVE t AS (
                (SELECT tenant_id FROM probe_result ORDER BY tenant_id LIMIT 1)
                UNION ALL
                SELECT (SELECT p.tenant_id FROM probe_result p WHERE p.tenant_id > t.tenant_id ORDER BY p.tenant_id LIMIT 1)
                FROM t WHERE t.tenant_id IS NOT NULL)
            SELECT r.* FROM t CROSS JOIN LATERAL (
                SELECT * FROM probe_result p WHERE p.tenant_id = t.tenant_id ORDER BY p.at DESC, p.id DESC LIMIT 1) r
            WHERE t.tenant_id IS NOT NULL""")
    List<ProbeResultEntity> latestPerTenant();

    /** The newest {@code n} results of every tenant in one statement: the loose index scan above with LIMIT n. */
    @Query("""
            WITH RECURSIVE t AS (
                (SELECT tenant_id FROM probe_result ORDER BY tenant_id LIMIT 1)
                UNION ALL
                SELECT (SELECT p.tenant_id FROM probe_result p WHERE p.tenant_id > t.tenant_id ORDER BY p.tenant_id LIMIT 1)
                FROM t WHERE t.tenant_id IS NOT NULL)
            SELECT r.* FROM t CROSS JOIN LATERAL (
                SELECT * FROM probe_result p WHERE p.tenant_id = t.tenant_id ORDER BY p.at DESC, p.id DESC LIMIT :n) r
            WHERE t.tenant_id IS NOT NULL
            ORDER BY r.tenant_id, r.at DESC, r.id DESC""")
    List<ProbeResultEntity> lastNPerTenant(int n);

    @Query("DELETE FROM probe_result WHERE at < :before")
    int deleteOlderThan(Instant before);
}
