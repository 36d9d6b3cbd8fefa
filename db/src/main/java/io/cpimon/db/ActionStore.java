package io.cpimon.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Failover actions and their steps. The database refuses a second action in flight for a pair; every state change
 * is conditional on the state the caller read, so two callers never move one action twice. Blocking JDBC: call from
 * a virtual thread; thread-safe.
 */
public interface ActionStore {
    /**
     * The filters of {@link #search}, nullable but {@code limit}.
     * @param since created at or after; @param until created before
     * @param before the page's start (newest first by creation time, then id)
     */
    record Query(String pairId, FailoverAction.State state, Instant since, Instant until, Keyset before, int limit) {
        /** The newest {@code limit} of a pair (every pair when null). */
        public static Query latest(String pairId, int limit) {
            return new Query(pairId, null, null, null, null, limit);
        }
    }

    /**
     * Stores a new action (its id and steps are ignored) with its first step.
     * @return empty when the pair already has an action in flight
     */
    Optional<FailoverAction> create(FailoverAction action, FailoverAction.Step first);

    /** One action with its steps. */
    Optional<FailoverAction> get(long id);

    /** Newest first, without steps. */
    List<FailoverAction> search(Query query);

    /** Every action in flight, oldest first, without steps. */
    List<FailoverAction> inFlight();

    /** The pair's latest action that ran (succeeded, or recorded in dry-run), without steps. */
    Optional<FailoverAction> lastDone(String pairId);

    /**
     * Writes {@code next}'s state and fields if the action is still in {@code expected}, with a step.
     * @return whether it moved (false: another caller moved it first)
     */
    boolean update(FailoverAction next, FailoverAction.State expected, FailoverAction.Step step);
}
