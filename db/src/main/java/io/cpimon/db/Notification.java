package io.cpimon.db;

import java.time.Instant;

/**
 * An outbox row.
 * @param alertId nullable; @param nextAttemptAt when it is due (a claim pushes it by the lease)
 * @param lastError nullable; @param sentAt nullable; @param externalRef nullable (ServiceNow sys_id, Message-ID)
 * @param deadAt nullable: when it went DEAD
 */
public record Notification(
        long id,
        Long alertId,
        String channel,
        String dedupKey,
        String groupKey,
        String payloadJson,
        NotificationState state,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        String lastError,
        Instant sentAt,
        String externalRef,
        Instant deadAt) {}
