package io.cpimon.db;

import java.time.Instant;

/**
 * A search over alerts, newest first. Every filter is nullable (no filter).
 * @param tenant label {@code tenant}; @param pair label {@code pair}
 * @param since alerts active at or after it (active_at, or still open, or ended at/after it)
 * @param until alerts that became active before it
 */
public record AlertQuery(AlertState state, String rule, String tenant, String pair, Instant since, Instant until, int limit) {}
