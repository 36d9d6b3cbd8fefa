package io.cpimon.db;

import java.time.Instant;
import java.util.Set;

/**
 * A search over alerts, newest first. Every filter is nullable (no filter).
 * @param tenant label {@code tenant}; @param pair label {@code pair}
 * @param since alerts active at or after it (active_at, or still open, or ended at/after it)
 * @param until alerts that became active before it
 * @param statuses the alert must be in one of these (empty: any); never null
 * @param text case-insensitive substring of the rule, a label or annotation value, or the ack comment
 */
public record AlertQuery(AlertState state, String rule, String tenant, String pair, Instant since, Instant until,
                         int limit, Set<Status> statuses, String text) {
    public AlertQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
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
