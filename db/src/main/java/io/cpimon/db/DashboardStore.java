package io.cpimon.db;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's read-only aggregates over probes, messages, keystores and the outbox: time buckets for charts and
 * heartbeat bars, the overview's counts, the top failing iFlows and a pair's duplicates. Each query reads one bounded
 * time range through an index (see V50 and {@code db/RATIONALE.md}), so it stays fast with hundreds of tenants and
 * millions of messages. Blocking JDBC: call from a virtual thread; thread-safe.
 */
public interface DashboardStore {

    /**
     * Probe results in {@code [from, to)} cut into {@code buckets} equal buckets (bucket 0 starts at {@code from}); a
     * bucket without probes has no row.
     * @param tenantId nullable: every tenant
     */
    List<ProbeBucket> probeBuckets(String tenantId, Instant from, Instant to, int buckets);

    /**
     * Messages whose LogEnd is in {@code [from, to)}, per bucket (as {@link #probeBuckets}) and status; a bucket
     * without messages has no row.
     * @param tenantId nullable: every tenant
     */
    List<MessageBucket> messageBuckets(String tenantId, Instant from, Instant to, int buckets);

    /** Per tenant: messages FAILED with a LogEnd at or after {@code since}; tenants without any are left out. */
    Map<String, Long> failedSince(Instant since);

    /** Per tenant: messages still PROCESSING or RETRY that started before {@code startedBefore}. */
    Map<String, Long> stuck(Instant startedBefore);

    /** Per tenant: keystore certificates whose validity ends before {@code before} (expired ones included). */
    Map<String, Long> certificatesExpiring(Instant before);

    /** Outbox rows that are DEAD (given up). */
    long deadNotifications();

    /**
     * The iFlows of one tenant with the most FAILED or ESCALATED messages whose LogEnd is in {@code [from, to)}, most
     * failures first, at most {@code limit}; iFlows without failures are left out.
     */
    List<FailingIflow> topFailing(String tenantId, Instant from, Instant to, int limit);

    /**
     * Business keys COMPLETED by both tenants of a pair: the primary's message with LogEnd in {@code [from, to)} and
     * the DR's within {@code window} of it; newest primary LogEnd first, keyset paged.
     * @param after nullable: the last row of the previous page (its primary LogEnd, primary GUID and DR GUID)
     */
    List<PairDuplicate> duplicates(String primary, String dr, Instant from, Instant to, Duration window,
                                   PairDuplicate after, int limit);

    /**
     * One bucket of probe results.
     * @param p50Millis nullable: median latency of the probes that were up (null when none was)
     * @param maxMillis nullable: the largest such latency
     */
    record ProbeBucket(String tenantId, int bucket, int probes, int down, Long p50Millis, Long maxMillis) {}

    /** Messages of one status in one bucket. @param status nullable (a message stored without a status) */
    record MessageBucket(String tenantId, int bucket, String status, long count) {}

    /** @param iflow the integration flow's name; @param lastError nullable: the newest error text among the failures */
    record FailingIflow(String iflow, long failed, long total, String lastError) {}

    /**
     * One business key processed by both tenants.
     * @param iflow nullable; @param primaryLink nullable; @param drLink nullable: CPI's AlternateWebLink
     */
    record PairDuplicate(String businessKey, String iflow, String primaryGuid, Instant primaryEnd, String primaryLink,
                         String drGuid, Instant drEnd, String drLink) {}
}
