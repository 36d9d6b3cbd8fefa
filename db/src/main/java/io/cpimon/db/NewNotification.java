package io.cpimon.db;

import java.time.Instant;

/**
 * An outbox row to write. Rows with a {@code dedupKey} already present are skipped.
 * @param alertId nullable (channel tests); @param payloadJson the channel-neutral notification, JSON text
 * @param dueAt when the dispatcher may send it first
 */
public record NewNotification(Long alertId, String channel, String dedupKey, String groupKey, String payloadJson, Instant dueAt) {}
