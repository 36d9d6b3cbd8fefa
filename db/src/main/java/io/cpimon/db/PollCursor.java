package io.cpimon.db;

import java.time.Instant;

/**
 * Ingest status of one stream ({@code mpl}, {@code artifacts}, …) of one tenant.
 * @param watermark highest LogEnd committed, null before the first successful poll
 * @param lastSuccess nullable; @param lastAttempt nullable; @param lastError nullable, cleared on success
 */
public record PollCursor(
        String tenantId,
        String stream,
        Instant watermark,
        Instant lastSuccess,
        Instant lastAttempt,
        String lastError,
        int consecutiveFailures,
        long rowsTotal) {}
