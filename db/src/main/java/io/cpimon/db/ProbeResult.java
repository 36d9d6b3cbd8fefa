package io.cpimon.db;

import java.time.Instant;

/** @param statusCode null when no HTTP answer came; @param error null when up */
public record ProbeResult(String tenantId, Instant at, boolean up, Integer statusCode, long latencyMillis, String error) {}
