package io.cpimon.db;

import io.cpimon.config.LabelMatcher;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Maintenance windows and the silences they own: a window and its silences are created, moved and ended together in
 * one transaction. Blocking JDBC: call from a virtual thread.
 */
public interface MaintenanceStore {

    /**
     * A window of {@code kind} ({@code tenant} or {@code pair}) for {@code target} with one silence per matcher set.
     * @param comment nullable
     * @throws IllegalArgumentException without matcher sets, without an author, or when {@code endsAt <= startsAt}
     */
    MaintenanceWindow create(String kind, String target, List<List<LabelMatcher>> matcherSets, Instant startsAt,
                             Instant endsAt, String createdBy, String comment);

    Optional<MaintenanceWindow> get(long id);

    /** Windows that have not ended at {@code now} (scheduled and running), soonest start first. */
    List<MaintenanceWindow> current(Instant now);

    /**
     * Every window (ended ones included), newest start first (then newest id): those starting in {@code [since, until)}
     * strictly after {@code before} in that order, at most {@code limit}.
     * @param since nullable; @param until nullable; @param before nullable: from the newest
     */
    List<MaintenanceWindow> list(Instant since, Instant until, Keyset before, int limit);

    /** The newest {@code limit} windows, ended ones included. */
    default List<MaintenanceWindow> list(int limit) {
        return list(null, null, null, limit);
    }

    /**
     * Moves the end of a window that has not ended at {@code now}, with its silences.
     * @return the window, empty when there is none or it had ended
     * @throws IllegalArgumentException when {@code endsAt} is not after its start or not after {@code now}
     */
    Optional<MaintenanceWindow> extend(long id, Instant endsAt, Instant now);

    /**
     * Ends a window at {@code now} with its silences; one that has not started before {@code now} is deleted with
     * them (an end must lie after the start).
     * @return false when there is no such window or it had already ended
     */
    boolean end(long id, Instant now);
}
