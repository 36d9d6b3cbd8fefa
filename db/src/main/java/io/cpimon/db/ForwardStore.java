package io.cpimon.db;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The forwarders' view of the stored MPLs: changes in position order, the durable cursors and the dead letters.
 * Every method blocks (JDBC) and is thread-safe; one forwarder per sink name moves its cursor.
 */
public interface ForwardStore {

    /** The cursor of {@code sink}, {@link ForwardCursor#initial} when it never moved. */
    ForwardCursor cursor(String sink);

    /**
     * Up to {@code limit} changes after {@code after}, in position order: each in the state it stored, whether still
     * current or replaced since (kept in the change log while a configured forwarder has not passed it); only changes
     * of transactions that have ended (a change still being written is never skipped by a later read).
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

    /**
     * Marks the cursors of {@code sinks} as the configured forwarders (creating them at the start when new) and every
     * other cursor as not configured. Only configured forwarders keep replaced states in the change log.
     */
    void register(Collection<String> sinks);

    /**
     * Prunes the change log: replaced states every configured forwarder has passed, and those stored before
     * {@code storedBefore} (the retention's age limit). A configured forwarder that had not passed a state pruned by
     * age gets it counted as a gap on its cursor.
     */
    ChangeLogPrune pruneChanges(Instant storedBefore);

    /**
     * What one {@link #pruneChanges} did.
     *
     * @param passed states pruned because every configured forwarder had passed them
     * @param expired states pruned by age although a configured forwarder had not passed them
     * @param gaps per forwarder, the pruned states it will never send
     */
    record ChangeLogPrune(long passed, long expired, Map<String, Long> gaps) {
        public ChangeLogPrune {
            gaps = Map.copyOf(gaps);
        }
    }

    /** The newest dead letters of {@code sink}, newest first. */
    List<ForwardDeadLetter> deadLetters(String sink, int limit);

    /** How many dead letters {@code sink} has. */
    long deadLetterCount(String sink);
}
