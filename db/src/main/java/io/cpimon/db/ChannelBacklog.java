package io.cpimon.db;

import java.time.Instant;

/**
 * One channel's outbox at a glance.
 * @param pending rows waiting (the queue depth); @param retrying of those, rows waiting out a backoff after a failure
 * @param lastSentAt nullable: the last row the peer accepted
 * @param nextRetryAt nullable: when the earliest row in backoff is due again
 * @param lastError nullable: the error of the newest pending or dead row that has one
 */
public record ChannelBacklog(String channel, long pending, long retrying, long sent, long dead, Instant lastSentAt,
                             Instant nextRetryAt, String lastError) {}
