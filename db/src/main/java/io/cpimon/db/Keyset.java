package io.cpimon.db;

import java.time.Instant;

/**
 * A position in a newest-first list ordered by a time, then by id (both descending): a page that starts at it holds
 * the items strictly before it. An instant alone is the position before every item of that instant.
 * @param at never null
 */
public record Keyset(Instant at, long id) {
    /** Before every item at or after {@code at}. */
    public static Keyset before(Instant at) {
        return new Keyset(at, Long.MIN_VALUE);
    }
}
