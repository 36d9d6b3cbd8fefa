package io.cpimon.db;

import java.time.Instant;

/** One acknowledgement of an alert, kept after the alert resolves. @param comment nullable */
public record AlertAck(long alertId, String by, Instant at, String comment) {}
