package io.cpimon.db;

import java.time.Instant;

/** A DR readiness finding accepted on purpose: the pair, the finding's key, why, who and when. */
public record ReadinessAck(String pairId, String findingKey, String reason, String ackedBy, Instant ackedAt) {}
