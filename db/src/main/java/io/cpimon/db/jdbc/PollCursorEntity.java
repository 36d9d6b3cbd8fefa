package io.cpimon.db.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

/** A row of {@code poll_cursor}. */
@MappedEntity("poll_cursor")
public record PollCursorEntity(
        @EmbeddedId Key key,
        @Nullable Instant watermark,
        @Nullable Instant lastSuccess,
        @Nullable Instant lastAttempt,
        @Nullable String lastError,
        int consecutiveFailures,
        long rowsTotal) {

    @Embeddable
    public record Key(@MappedProperty("tenant_id") String tenantId, @MappedProperty("stream") String stream) {}
}
