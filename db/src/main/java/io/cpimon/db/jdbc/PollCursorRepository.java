package io.cpimon.db.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PollCursorRepository extends GenericRepository<PollCursorEntity, PollCursorEntity.Key> {

    @Query("SELECT * FROM poll_cursor WHERE tenant_id = :tenantId AND stream = :stream")
    List<PollCursorEntity> find(String tenantId, String stream);

    @Query("SELECT * FROM poll_cursor ORDER BY tenant_id, stream")
    List<PollCursorEntity> findAllOrdered();

    @Query("""
            INSERT INTO poll_cursor AS c (tenant_id, stream, last_attempt, last_error, consecutive_failures, rows_total)
            VALUES (:tenantId, :stream, :at, :error, 1, 0)
            ON CONFLICT (tenant_id, stream) DO UPDATE SET last_attempt = EXCLUDED.last_attempt,
                last_error = EXCLUDED.last_error, consecutive_failures = c.consecutive_failures + 1""")
    void recordFailure(String tenantId, String stream, Instant at, String error);

    @Query("""
            INSERT INTO poll_cursor AS c (tenant_id, stream, last_success, last_attempt, last_error, consecutive_failures,
                                          rows_total)
            VALUES (:tenantId, :stream, :at, :at, NULL, 0, 0)
            ON CONFLICT (tenant_id, stream) DO UPDATE SET last_success = EXCLUDED.last_success,
                last_attempt = EXCLUDED.last_attempt, last_error = NULL, consecutive_failures = 0""")
    void recordSuccess(String tenantId, String stream, Instant at);
}
