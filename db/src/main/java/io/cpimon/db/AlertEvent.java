package io.cpimon.db;

import java.time.Instant;

/** A state transition of an alert. @param fromState null for the opening event */
public record AlertEvent(long id, long alertId, AlertState fromState, AlertState toState, Instant at) {}
