package io.cpimon.db;

import java.time.Instant;
import java.util.List;

/** The audit log of state changes made through the API. Blocking JDBC: call from a virtual thread; thread-safe. */
public interface AuditStore {
    /**
     * The filters of {@link #search}, every one nullable but {@code limit}.
     * @param actor exact token name; @param action exact action; @param since at or after; @param until before
     * @param before the page's start (newest first by time, then id)
     */
    record Query(String actor, String action, Instant since, Instant until, Keyset before, int limit) {}

    /** Stores an entry (its id is ignored) and answers it with its id. */
    AuditEntry append(AuditEntry entry);

    /** Entries newest first (time, then id). */
    List<AuditEntry> search(Query query);
}
