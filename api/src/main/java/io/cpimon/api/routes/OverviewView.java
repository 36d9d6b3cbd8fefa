package io.cpimon.api.routes;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
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
    @JsonSerialize(using = BeatWriter.class)
    public record Beat(int bucket, int probes, int down, Long p50Ms, Long maxMs) {}

    /** One bucket of messages by LogEnd, sent as {@code [bucket, total, completed, failed]}. */
    @JsonSerialize(using = FlowWriter.class)
    public record Flow(int bucket, long total, long completed, long failed) {}

    /**
     * Writes a {@link Beat} as its array straight to the generator: tens of thousands of buckets per answer, where
     * Jackson's reflective record accessors were most of the time spent writing it. Stateless.
     */
    static final class BeatWriter extends StdSerializer<Beat> {
        BeatWriter() {
            super(Beat.class);
        }

        @Override
        public void serialize(Beat b, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartArray();
            g.writeNumber(b.bucket());
            g.writeNumber(b.probes());
            g.writeNumber(b.down());
            nullable(g, b.p50Ms());
            nullable(g, b.maxMs());
            g.writeEndArray();
        }

        private static void nullable(JsonGenerator g, Long value) throws IOException {
            if (value == null) {
                g.writeNull();
            } else {
                g.writeNumber(value);
            }
        }
    }

    /** Writes a {@link Flow} as its array straight to the generator (as {@link BeatWriter}). Stateless. */
    static final class FlowWriter extends StdSerializer<Flow> {
        FlowWriter() {
            super(Flow.class);
        }

        @Override
        public void serialize(Flow f, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartArray();
            g.writeNumber(f.bucket());
            g.writeNumber(f.total());
            g.writeNumber(f.completed());
            g.writeNumber(f.failed());
            g.writeEndArray();
        }
    }

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
