package io.cpimon.db.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code probe_result}. */
@MappedEntity("probe_result")
public record ProbeResultEntity(
        @Id @GeneratedValue @Nullable Long id,
        String tenantId,
        Instant at,
        boolean up,
        @Nullable Integer statusCode,
        long latencyMillis,
        @Nullable String error) {}
