package io.cpimon.db;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The read-only, index-backed queries of the built-in rules over {@code mpl}, {@code runtime_artifact},
 * {@code keystore_entry}, {@code forward_cursor} (and {@code runtime_artifact_gone}, filled by a trigger). Every query
 * reads a bounded window through an index; none scans the MPL table. Blocking JDBC: call from a virtual thread.
 */
public interface RuleQueries {

    /** Ended (final-status) messages per tenant and iFlow with {@code from < LogEnd <= to}; iflow may be null. */
    List<EndedCount> endedCounts(Instant from, Instant to);

    /**
     * The same counts for the window shifted back by 1..{@code days} days, one row per (tenant, iflow, day)
     * that had messages.
     */
    List<DayCount> baselineCounts(Instant from, Instant to, int days);

    /** FAILED messages with {@code LogEnd > since}, per tenant and iFlow, with the newest (preferring one with error text). */
    List<FailedGroup> failedGroups(Instant since);

    /** Messages PROCESSING or RETRY whose LogStart is before {@code startedBefore} (null LogStart: not judged), oldest first. */
    List<RunningMessage> running(Instant startedBefore, int limit);

    /**
     * Business keys COMPLETED on both tenants whose LogEnds are at most {@code window} apart, the primary's
     * LogEnd after {@code since}; ordered by key.
     */
    List<Duplicate> duplicates(String primary, String dr, Instant since, Duration window, int limit);

    /**
     * {@link #duplicates} for many (tenant, other tenant, since, window) scans in one round trip; each result names
     * the index of its scan. At most {@code limit} rows in all.
     */
    List<ScannedDuplicate> duplicates(List<DuplicateScan> scans, int limit);

    record DuplicateScan(String tenant, String otherTenant, Instant since, Duration window) {}

    /** @param scan index into the scans; the duplicate's "primary" side is the scan's {@code tenant} */
    record ScannedDuplicate(int scan, Duplicate duplicate) {}

    /** Every deployed artifact of every tenant. */
    List<Artifact> artifacts();

    /** Artifacts undeployed (gone from a snapshot) and not deployed again. */
    List<GoneArtifact> goneArtifacts();

    /** The DR readiness content (security artifacts, variables, number ranges) and its acknowledgements, read-only use. */
    ContentStore content();

    /**
     * The sending profile of every iFlow from messages ended in {@code [from, to)}: per tenant, iFlow and hour of the
     * week (UTC, 0 = Monday 00:00–01:00), how many distinct weeks had a message ending then, and the longest gap
     * between two consecutive messages of the iFlow that ended in that hour.
     */
    List<SendingHour> sendingProfile(Instant from, Instant to);

    /** The newest LogEnd per tenant and iFlow after {@code since}. */
    List<LastSent> lastSent(Instant since);

    /** @param longestGap zero when the hour held only the window's first message */
    record SendingHour(String tenantId, String iflow, int hourOfWeek, int weeks, Duration longestGap) {}

    record LastSent(String tenantId, String iflow, Instant logEnd) {}

    /** Keystore entries whose validNotAfter is before {@code before}. */
    List<Certificate> certificatesExpiringBefore(Instant before);

    /**
     * The forwarders named {@code sinks}, one row each in that order, as their cursors stand: why one stopped, and
     * when the oldest change it has not yet forwarded was stored. A forwarder without a cursor row stands before
     * every change.
     */
    List<ForwarderState> forwarders(List<String> sinks);

    record EndedCount(String tenantId, String iflow, long ended, long failed) {}

    record DayCount(String tenantId, String iflow, int daysAgo, long ended) {}

    /** @param errorText nullable; @param alternateWebLink nullable */
    record FailedGroup(String tenantId, String iflow, long count, String messageGuid, Instant logEnd,
                       String errorText, String alternateWebLink) {}

    record RunningMessage(String tenantId, String iflow, String messageGuid, String status, Instant logStart,
                          String alternateWebLink) {}

    record Duplicate(String businessKey, String iflow, String primaryGuid, Instant primaryEnd, String drGuid, Instant drEnd) {}

    /** @param version nullable; @param status nullable; @param errorText nullable */
    record Artifact(String tenantId, String artifactId, String name, String version, String status, String errorText) {}

    record GoneArtifact(String tenantId, String artifactId, String name, String version, Instant lastSeen) {}

    record Certificate(String tenantId, String alias, String type, Instant validNotAfter) {}

    /**
     * @param stopped nullable: why the forwarder stopped for good; null while it runs
     * @param stoppedAt nullable
     * @param lastSuccess nullable: the last acknowledged batch
     * @param oldestPending nullable: when the oldest change not yet forwarded was stored; null when there is none
     */
    record ForwarderState(String sink, String stopped, Instant stoppedAt, Instant lastSuccess, Instant oldestPending) {}
}
