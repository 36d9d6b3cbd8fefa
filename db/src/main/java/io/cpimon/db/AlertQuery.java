package io.cpimon.db;

import java.time.Instant;
import java.util.Set;

/**
 * A search over alerts, newest first by (active_at, id). Every filter is nullable (no filter).
 * @param tenant label {@code tenant}; @param pair label {@code pair}
 * @param since alerts active at or after it (active_at, or still open, or ended at/after it)
 * @param until alerts that became active before it
 * @param statuses the alert must be in one of these (empty: any); never null
 * @param text case-insensitive substring of the rule, a label or annotation value, or the ack comment
 * @param before the page starts after this position (active_at, id) of the previous one; nullable: from the newest
 */
public record AlertQuery(AlertState state, String rule, String tenant, String pair, Instant since, Instant until,
                         int limit, Set<Status> statuses, String text, Keyset before) {
    public AlertQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    }

    /** A search from the newest alert on. */
    public AlertQuery(AlertState state, String rule, String tenant, String pair, Instant since, Instant until,
                      int limit, Set<Status> statuses, String text) {
        this(state, rule, tenant, pair, since, until, limit, statuses, text, null);
    }

    /** The same search, its page starting after {@code position} (nullable: from the newest). */
    public AlertQuery startingBefore(Keyset position) {
        return new AlertQuery(state, rule, tenant, pair, since, until, limit, statuses, text, position);
    }

    /** A search by state, labels and time only. */
    public AlertQuery(AlertState state, String rule, String tenant, String pair, Instant since, Instant until,
                      int limit) {
        this(state, rule, tenant, pair, since, until, limit, Set.of(), null);
    }

    /**
     * What an operator filters alerts by: the lifecycle state, or what was done about an open alert. An open alert
     * may be FIRING and ACKED and SILENCED at once.
     */
    public enum Status {
        /** state PENDING */
        PENDING,
        /** state FIRING */
        FIRING,
        /** open and acknowledged */
        ACKED,
        /** open and muted by a silence */
        SILENCED,
        /** open and muted by another alert */
        INHIBITED,
        /** state RESOLVED */
        RESOLVED
    }
}
