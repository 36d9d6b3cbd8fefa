package io.cpimon.db;

import java.time.Instant;

/**
 * One channel's outbox at a glance.
 * @param pending rows waiting (the queue depth); @param retrying of those, rows waiting out a backoff after a failure
 * @param lastSentAt nullable: the last row the peer accepted
 * @param nextRetryAt nullable: when the earliest row in backoff is due again
 * @param lastError nullable: the latest error of a row not delivered: a row waiting for its retry before any dead one
 *                  (the channel's current trouble), else the one that went dead last
 */
public record ChannelBacklog(String channel, long pending, long retrying, long sent, long dead, Instant lastSentAt,
                             Instant nextRetryAt, String lastError) {}
