package io.cpimon.db.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A row of {@code tenant}; {@code labels} is the jsonb column as JSON text. */
@MappedEntity("tenant")
public record TenantEntity(
        @Id String id,
        String name,
        String labels,
        @Nullable String pairId,
        @Nullable String role,
        @Nullable String apiUrl,
        @Nullable String probeUrl) {}
