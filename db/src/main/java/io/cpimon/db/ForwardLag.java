package io.cpimon.db;

import java.time.Instant;

/**
 * How far a forwarder is behind: the changes after its cursor (counted up to a cap) and when the oldest of them was
 * stored. Immutable.
 *
 * @param rows changes after the cursor, at most the cap asked for
 * @param oldestPending nullable: when the first change after the cursor was stored; null when there is none
 */
public record ForwardLag(long rows, Instant oldestPending) {}
