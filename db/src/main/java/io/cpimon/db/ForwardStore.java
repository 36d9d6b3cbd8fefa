package io.cpimon.db;

import java.time.Instant;
import java.util.List;

/**
 * The forwarders' view of the stored MPLs: changes in position order, the durable cursors and the dead letters.
 * Every method blocks (JDBC) and is thread-safe; one forwarder per sink name moves its cursor.
 */
public interface ForwardStore {

    /** The cursor of {@code sink}, {@link ForwardCursor#initial} when it never moved. */
    ForwardCursor cursor(String sink);

    /**
     * Up to {@code limit} changes after {@code after}, in position order, each in its current state; only changes of
     * transactions that have ended (a change still being written is never skipped by a later read).
     */
    List<ForwardChange> changesAfter(ForwardPosition after, int limit);

    /**
     * Moves the cursor of {@code sink} to {@code to} (never backwards) and stores {@code deadLetters}, in one
     * transaction; records a success at {@code now} and clears the last error and the stop.
     *
     * @param last nullable: the change at {@code to}, for the cursor's {@code positionAt} and {@code positionKey}
     */
    void advance(String sink, ForwardPosition to, ForwardChange last, List<ForwardDeadLetter> deadLetters,
            Instant now);

    /** Records a failed attempt; the position stays. */
    void recordError(String sink, String error, Instant at);

    /**
     * Records why {@code sink} stopped for good, or that it runs again; the position stays.
     *
     * @param reason nullable: null when the forwarder (re)starts
     */
    void recordStopped(String sink, String reason, Instant at);

    /** The changes after {@code after}, counted up to {@code cap}. */
    ForwardLag lag(ForwardPosition after, int cap);

    /** The newest dead letters of {@code sink}, newest first. */
    List<ForwardDeadLetter> deadLetters(String sink, int limit);

    /** How many dead letters {@code sink} has. */
    long deadLetterCount(String sink);
}
