package io.cpimon.api.routes;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * The dashboard's overview in one answer ({@code GET /api/v1/overview}): every tenant's tile with its heartbeat and
 * throughput over the window, every pair with the tenant serving traffic, the click-through counts, the tenants that
 * are down and the maintenance windows still to come. Heartbeat and throughput buckets go out as arrays, not objects:
 * with 200 tenants they are most of the answer. Immutable.
 *
 * @param bucketSeconds the width of one heartbeat/throughput bucket; bucket 0 starts at {@code from}
 */
public record OverviewView(Instant at, String range, Instant from, Instant to, int buckets, long bucketSeconds,
                           List<Tenant> tenants, List<Pair> pairs, Counts counts, List<String> down,
                           List<Maintenance> maintenance) {

    /**
     * One tenant: its tile and what the overview draws for it.
     * @param successRate nullable: completed / (completed + failed) in the window, null when nothing ended
     * @param failed FAILED messages since {@link Counts#failedSince}
     * @param stuck messages PROCESSING or RETRY since before {@link Counts#stuckBefore}
     * @param certificatesExpiring keystore entries ending before {@link Counts#certificatesBefore}
     */
    public record Tenant(TenantView tile, List<Beat> heartbeat, List<Flow> throughput, Double successRate,
                         long failed, long stuck, long certificatesExpiring) {}

    /**
     * One bucket of probe results, sent as {@code [bucket, probes, down, p50Ms, maxMs]}; worst-of is {@code down > 0}.
     * @param p50Ms nullable: median latency of the probes that were up; @param maxMs nullable
     */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"bucket", "probes", "down", "p50Ms", "maxMs"})
    public record Beat(int bucket, int probes, int down, Long p50Ms, Long maxMs) {}

    /** One bucket of messages by LogEnd, sent as {@code [bucket, total, completed, failed]}. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"bucket", "total", "completed", "failed"})
    public record Flow(int bucket, long total, long completed, long failed) {}

    /**
     * One pair: the tenant serving traffic (the DR tenant exactly while the pair's {@code failover} alert fires).
     * @param duplicates business keys processed by both tenants, from the pair's open {@code duplicate_processing}
     *                   alerts
     * @param drift the pair's open {@code dr_drift} alerts
     */
    public record Pair(String id, String primary, String dr, String mode, String serving, boolean failedOver,
                       long duplicates, int drift) {}

    /** The counts an operator clicks through, and the windows they cover. */
    public record Counts(long failed, Instant failedSince, long stuck, Instant stuckBefore, long duplicates,
                         long certificatesExpiring, Instant certificatesBefore, long deadNotifications,
                         int firing, int pending) {}

    /** A silence that starts in the future. @param matchers in their text form; @param comment nullable */
    public record Maintenance(long id, List<String> matchers, Instant startsAt, Instant endsAt, String createdBy,
                              String comment) {}
}
