package io.cpimon.db;

import io.cpimon.config.LabelMatcher;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Silences. Blocking JDBC: call from a virtual thread. */
public interface SilenceStore {

    /**
     * @param comment nullable
     * @throws IllegalArgumentException without matchers, without an author, or when {@code endsAt <= startsAt}
     */
    Silence create(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment);

    Optional<Silence> get(long id);

    /** Silences not yet expired at {@code now} (pending and active), by id. */
    List<Silence> current(Instant now);

    /** Every silence, newest first, at most {@code limit}. */
    default List<Silence> list(int limit) {
        return list(null, limit);
    }

    /**
     * Every silence, newest first (creation time, then id), at most {@code limit}, starting after {@code before}.
     * @param before nullable: from the newest
     */
    List<Silence> list(Keyset before, int limit);

    /**
     * Expires a silence at {@code now}: an active one ends now; one that has not started before now is deleted
     * (as Alertmanager does with pending silences).
     * @return false when there is no such silence or it had already expired
     */
    boolean expire(long id, Instant now);

    /**
     * Moves the end of a silence that has not expired at {@code now} to {@code endsAt} (later or earlier, but after
     * its start and after now).
     * @return the silence, empty when there is none or it had expired
     * @throws IllegalArgumentException when {@code endsAt} is not after the start or not after {@code now}
     */
    Optional<Silence> extend(long id, Instant endsAt, Instant now);
}
