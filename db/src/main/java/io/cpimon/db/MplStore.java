package io.cpimon.db;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stored MPLs. Blocking JDBC: call from a virtual thread, never from an event loop. */
public interface MplStore {

    /**
     * Idempotently upserts one page of one tenant and advances that tenant's poll cursor, in one
     * transaction: either all rows and the cursor commit, or nothing does. A row is updated only
     * when a column changed; a stored final status is never replaced by a non-final one carried by
     * an older (smaller LogEnd) row. Replaying any page any number of times leaves the same rows.
     *
     * @param advance the cursor to record with the rows; null leaves the cursor untouched
     */
    UpsertResult upsertPage(String tenantId, List<MplRecord> rows, CursorAdvance advance);

    /**
     * One page of a search, newest first: LogEnd descending with messages without a LogEnd last, ties by tenant and
     * messageGuid. The page's last row as {@link Position#of} continues the search in the next page (keyset), so
     * that paging reaches every matching row, undated ones included.
     */
    List<MplRecord> search(MplQuery query);

    /** One stored message with every field, custom headers and error text; empty when not stored. */
    Optional<MplRecord> get(String tenantId, String messageGuid);

    /** Per tenant, messages whose LogEnd is at or after {@code since}: total and FAILED/ESCALATED. */
    Map<String, MplCounts> countsSince(Instant since);

    /** Every stored MPL of one tenant (tests and ground-truth comparison), ordered by messageGuid. */
    List<MplRecord> allOf(String tenantId);

    long count(String tenantId);

    /**
     * GUIDs of one tenant's messages that have not ended (status PROCESSING, RETRY, ABANDONED or any other
     * non-final one), for the poller's re-read by GUID: those whose LogEnd is null or before
     * {@code logEndBefore} (newer ones the incremental poll re-reads anyway) and that were not re-read at or
     * after {@code checkedBefore}; least recently re-read first (never re-read first), at most {@code limit}.
     */
    List<String> unfinished(String tenantId, Instant logEndBefore, Instant checkedBefore, int limit);

    /** Records that these messages were re-read at {@code at} (see {@link #unfinished}). */
    void markRechecked(String tenantId, Collection<String> messageGuids, Instant at);

    /**
     * GUIDs of one tenant's FAILED/ESCALATED messages whose error text was never fetched (oldest LogEnd
     * first, at most {@code limit}). Never DISCARDED ones.
     */
    List<String> missingErrorTexts(String tenantId, int limit);

    /**
     * Stores fetched error texts and marks them fetched (a null text: CPI has none; it is not asked again).
     * A row whose status changes later (e.g. ESCALATED → FAILED) becomes due again.
     */
    void storeErrorTexts(String tenantId, List<ErrorText> texts, Instant at);

    /**
     * Retention of the rows outside the daily partitions (the default partition: days older than the partitions,
     * far-future days, not yet expired rows of dropped days): deletes at most {@code batch} of them whose LogEnd is
     * before {@code cutoff} (or, without a LogEnd, that were first seen before it), oldest first, in one short
     * transaction; call again until it returns less than {@code batch}. Cost grows with the rows deleted, not with
     * the table. Rows in day partitions are left to {@link #maintainPartitions}.
     * @return how many rows were deleted
     */
    int deleteEndedBefore(Instant cutoff, int batch);

    /**
     * Retention's partition upkeep (messages are stored in one partition per UTC day of their LogStart, or of their
     * first sighting when they had none): drops every day partition whose day ended at or before {@code cutoff},
     * keeping its rows that have not expired (LogEnd at or after the cutoff, or none and first seen at or after it)
     * in the default partition; then creates the partition of every day from the day of {@code cutoff} to
     * {@code lastDay} that has none, moving that day's rows out of the default partition. Idempotent; safe to run
     * concurrently in several processes (they take turns per partition). Each partition is created or dropped in
     * its own short transaction.
     * @throws DataAccessException when a lock was not granted within a few seconds (busy readers): run it again later
     */
    PartitionReport maintainPartitions(Instant cutoff, LocalDate lastDay);

    /** The days that have a partition, ascending. */
    List<LocalDate> partitionDays();

    /**
     * @param created days whose partition was created; @param dropped days whose partition was dropped
     * @param rowsDropped rows of the dropped partitions that expired (from the planner's estimate: cheap, approximate)
     * @param rowsMoved rows moved out of the default partition into the created partitions
     * @param rowsKept not yet expired rows of dropped partitions, now in the default partition
     */
    record PartitionReport(List<LocalDate> created, List<LocalDate> dropped, long rowsDropped, long rowsMoved, long rowsKept) {}

    /** @param text nullable: the tenant has no error information for this message */
    record ErrorText(String messageGuid, String text) {}

    /**
     * The watermark a page moves its stream to.
     * @param lease nullable: when set, the page commits only while this lease is still held at its epoch, otherwise
     *              nothing of it commits and {@link LeaseLostException} is thrown
     */
    record CursorAdvance(String stream, Instant watermark, Instant at, LeaseToken lease) {
        /** Not fenced: the only writer of this tenant. */
        public CursorAdvance(String stream, Instant watermark, Instant at) {
            this(stream, watermark, at, null);
        }
    }

    record UpsertResult(int inserted, int updated, int unchanged) {}

    /**
     * A search; every filter is nullable (absent: not filtered).
     * @param tenantId exact tenant id
     * @param status exact status (upper case)
     * @param iflow the integration flow's name or artifact id, exact
     * @param text case-insensitive substring of messageGuid, correlationId, applicationMessageId, business key,
     *             iFlow name, sender, receiver, custom status or error text
     * @param messageGuid exact messageGuid
     * @param since inclusive lower bound of LogEnd (LogStart for a message without LogEnd)
     * @param until exclusive upper bound of LogEnd (LogStart for a message without LogEnd)
     * @param after rows after this position in the search's order (the previous page's last row)
     * @param keys the exact-key filters of the dashboard's search, {@link MplKeys#NONE} for none
     */
    record MplQuery(String tenantId, String status, String iflow, String text, String messageGuid, Instant since,
                    Instant until, Position after, int limit, MplKeys keys) {
        public MplQuery {
            keys = keys == null ? MplKeys.NONE : keys;
        }

        /** A search without exact-key filters. */
        public MplQuery(String tenantId, String status, String iflow, String text, String messageGuid, Instant since,
                        Instant until, Position after, int limit) {
            this(tenantId, status, iflow, text, messageGuid, since, until, after, limit, MplKeys.NONE);
        }

        /** The same search continuing after {@code position}. */
        public MplQuery after(Position position) {
            return new MplQuery(tenantId, status, iflow, text, messageGuid, since, until, position, limit, keys);
        }
    }

    /**
     * Exact filters of a search, every one nullable (absent: not filtered).
     * @param packageId the integration package's id or name, exact
     * @param sender exact; @param receiver exact
     * @param correlationId exact; @param applicationMessageId exact
     * @param headerName with {@code headerValue}: a custom header property with exactly that name and value
     * @param errorWords every word must occur in the error text (full-text, case-insensitive, no stemming)
     */
    record MplKeys(String packageId, String sender, String receiver, String correlationId,
                   String applicationMessageId, String headerName, String headerValue, String errorWords) {
        public static final MplKeys NONE = new MplKeys(null, null, null, null, null, null, null, null);

        public MplKeys {
            if ((headerName == null) != (headerValue == null)) {
                throw new IllegalArgumentException("a custom header filter needs both a name and a value");
            }
        }
    }

    /**
     * A position in the search's order (LogEnd descending, nulls last, then tenant and messageGuid).
     * @param logEnd nullable: the position is among the messages without LogEnd
     * @param tenantId nullable (with messageGuid): the position is just before every row whose LogEnd is
     *                 {@code logEnd}, so the page starts with the rows that ended before it
     * @param messageGuid nullable when tenantId is
     */
    record Position(Instant logEnd, String tenantId, String messageGuid) {
        public Position {
            if ((tenantId == null) != (messageGuid == null) || logEnd == null && tenantId == null) {
                throw new IllegalArgumentException("a position is a LogEnd, or a row's LogEnd, tenant and messageGuid");
            }
        }

        /** The position of a row: the next page starts after it. */
        public static Position of(MplRecord row) {
            return new Position(row.logEnd(), row.tenantId(), row.messageGuid());
        }

        /** The position before every row that ended at or after {@code logEnd}. */
        public static Position before(Instant logEnd) {
            return new Position(logEnd, null, null);
        }
    }

    record MplCounts(long total, long failed) {}
}
