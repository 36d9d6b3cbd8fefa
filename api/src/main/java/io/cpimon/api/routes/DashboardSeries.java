package io.cpimon.api.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cpimon.db.DashboardStore.MessageBucket;
import io.cpimon.db.DashboardStore.ProbeBucket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dashboard's time series as the API renders them: probe buckets as heartbeats and message buckets as
 * throughput, per tenant. Buckets without data are left out; a client fills the gaps from the window. Stateless.
 */
public final class DashboardSeries {
    /** The statuses counted as failed in throughput and success rates. */
    static final Set<String> FAILED = Set.of("FAILED", "ESCALATED");

    private DashboardSeries() {}

    /**
     * One bucket of probe results: worst-of is {@code down > 0}.
     * @param p50Ms nullable: median latency of the probes that were up; @param maxMs nullable
     */
    public record Heartbeat(int bucket, int probes, int down, Long p50Ms, Long maxMs) {}

    /**
     * One bucket of messages by LogEnd.
     * @param byStatus nullable: counts per status (only where a page shows them)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Throughput(int bucket, long total, long completed, long failed, Map<String, Long> byStatus) {}

    /** Probe buckets per tenant. */
    static Map<String, List<Heartbeat>> heartbeats(List<ProbeBucket> rows) {
        Map<String, List<Heartbeat>> out = new HashMap<>();
        for (ProbeBucket b : rows) {
            out.computeIfAbsent(b.tenantId(), t -> new ArrayList<>())
                    .add(new Heartbeat(b.bucket(), b.probes(), b.down(), b.p50Millis(), b.maxMillis()));
        }
        return out;
    }

    /** Message buckets per tenant, with or without the counts per status. */
    static Map<String, List<Throughput>> throughput(List<MessageBucket> rows, boolean byStatus) {
        Map<String, TreeMap<Integer, Map<String, Long>>> grouped = new HashMap<>();
        for (MessageBucket b : rows) {
            grouped.computeIfAbsent(b.tenantId(), t -> new TreeMap<>())
                    .computeIfAbsent(b.bucket(), k -> new TreeMap<>())
                    .merge(b.status() == null ? "UNKNOWN" : b.status(), b.count(), Long::sum);
        }
        Map<String, List<Throughput>> out = new HashMap<>();
        grouped.forEach((tenant, buckets) -> {
            List<Throughput> list = new ArrayList<>();
            buckets.forEach((bucket, statuses) -> {
                long total = statuses.values().stream().mapToLong(Long::longValue).sum();
                long completed = statuses.getOrDefault("COMPLETED", 0L);
                long failed = statuses.entrySet().stream().filter(e -> FAILED.contains(e.getKey()))
                        .mapToLong(Map.Entry::getValue).sum();
                list.add(new Throughput(bucket, total, completed, failed, byStatus ? statuses : null));
            });
            out.put(tenant, list);
        });
        return out;
    }

    /** completed / (completed + failed) over the buckets; null when none of them ended either way. */
    static Double successRate(List<Throughput> buckets) {
        long completed = buckets.stream().mapToLong(Throughput::completed).sum();
        long failed = buckets.stream().mapToLong(Throughput::failed).sum();
        return completed + failed == 0 ? null : (double) completed / (completed + failed);
    }
}
