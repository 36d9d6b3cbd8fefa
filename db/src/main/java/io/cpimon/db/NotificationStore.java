package io.cpimon.db;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The notification outbox. Safe for several dispatchers (rows are claimed with FOR UPDATE SKIP LOCKED). */
public interface NotificationStore {

    /** Inserts rows outside an alert transition (e.g. a channel test); duplicates by dedupKey are skipped. */
    List<Notification> enqueue(List<NewNotification> notifications);

    /**
     * Claims up to {@code limit} PENDING rows due at {@code now}: in one transaction, locks them with
     * SKIP LOCKED, increments attempts and pushes nextAttemptAt to {@code now + lease}, so that a
     * dispatcher that dies mid-send leaves the row to be claimed again after the lease.
     */
    List<Notification> claimDue(Instant now, int limit, Duration lease);

    void markSent(long id, Instant at, String externalRef);

    void markRetry(long id, Instant nextAttemptAt, String error);

    void markDead(long id, Instant at, String error);

    /**
     * Makes the PENDING rows of {@code channel} that wait for a retry (a failed attempt, due later) due at
     * {@code now}: the channel answered again, so its backlog need not wait out each row's backoff. Rows held back
     * for a group interval or a rate limit keep their due time. @return how many rows were made due
     */
    int wakeRetries(String channel, Instant now);

    /** One row by id. */
    Optional<Notification> get(long id);

    /**
     * An operator's retry of a DEAD row: PENDING again, due at {@code now}, attempts and age counted afresh.
     * @return false when the row is absent or not DEAD
     */
    boolean retry(long id, Instant now);

    /** An operator's discard of a DEAD or PENDING row: it is deleted. @return false when absent or SENT */
    boolean discard(long id);

    /** Newest first. @param state nullable */
    default List<Notification> list(NotificationState state, int limit) {
        return list(state, null, null, null, null, limit);
    }

    /**
     * Newest first (creation time, then id), at most {@code limit}; every filter nullable.
     * @param since created at or after; @param until created before; @param before the page's start
     */
    List<Notification> list(NotificationState state, String channel, Instant since, Instant until, Keyset before,
                            int limit);

    /** Newest first. @param state nullable; @param channel nullable (every channel) */
    default List<Notification> list(NotificationState state, String channel, int limit) {
        return list(state, channel, null, null, null, limit);
    }

    /** The rows about one alert (each transition's rows per channel), oldest first. */
    List<Notification> forAlert(long alertId);

    /** Per channel that has rows: queue depth, backoff, last success and last error. */
    Map<String, ChannelBacklog> backlog();

    Map<NotificationState, Long> countByState();

    /** Row counts per channel and state (every state present, zero when none). */
    Map<String, Map<NotificationState, Long>> countByChannel();

    /**
     * The (group key, channel) pairs with a PENDING row due at {@code now}, the group with the oldest row first (then
     * the most overdue); rows without a group key are left out.
     */
    List<NotificationGroup> dueGroups(Instant now, int limit);

    /**
     * Claims every PENDING row of one (group key, channel) that is due or was never attempted (a group
     * flush carries all the group's alerts), skipping rows another dispatcher holds or leased (attempted,
     * due later); attempts and lease as {@link #claimDue}. Rows of other groups are untouched. Oldest first.
     */
    List<Notification> claimGroup(String groupKey, String channel, Instant now, Duration lease);

    /**
     * Moves a PENDING row's due time without counting an attempt (a group waiting for its interval, a
     * channel's rate limit): the attempt its claim counted is given back.
     */
    void postpone(long id, Instant dueAt, String why);
}
