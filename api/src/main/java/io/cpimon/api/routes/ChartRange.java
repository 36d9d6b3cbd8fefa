package io.cpimon.api.routes;

import io.cpimon.api.Endpoints;
import io.cpimon.api.Requests;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The time ranges the dashboard's charts and heartbeat bars offer ({@code ?range=1h|24h|7d|30d}), each cut into a
 * fixed number of buckets. Windows end at the next bucket boundary, so that a bar redrawn a little later keeps its
 * buckets. Immutable.
 */
public enum ChartRange {
    HOUR("1h", Duration.ofHours(1), 60),
    DAY("24h", Duration.ofHours(24), 96),
    WEEK("7d", Duration.ofDays(7), 168),
    MONTH("30d", Duration.ofDays(30), 180);

    private final String label;
    private final Duration length;
    private final int buckets;

    ChartRange(String label, Duration length, int buckets) {
        this.label = label;
        this.length = length;
        this.buckets = buckets;
    }

    /** As written in a URL: {@code 1h}, {@code 24h}, {@code 7d}, {@code 30d}. */
    public String label() {
        return label;
    }

    public int buckets() {
        return buckets;
    }

    public Duration bucket() {
        return length.dividedBy(buckets);
    }

    /** The window ending at the first bucket boundary at or after {@code now}. */
    public Window window(Instant now) {
        long width = bucket().toMillis();
        long end = Math.ceilDiv(now.toEpochMilli(), width) * width;
        Instant to = Instant.ofEpochMilli(end);
        return new Window(this, to.minus(length), to);
    }

    /**
     * The {@code range} query parameter, {@code fallback} when absent; a 400 naming the parameter when it is not one
     * of {@code allowed}.
     */
    public static ChartRange param(RoutingContext ctx, ChartRange fallback, List<ChartRange> allowed) {
        String v = Requests.param(ctx, "range");
        if (v == null) {
            return fallback;
        }
        return allowed.stream().filter(r -> r.label.equals(v)).findFirst().orElseThrow(() -> Endpoints.badRequest(
                "range must be one of " + allowed.stream().map(ChartRange::label).toList() + ", got '" + v + "'"));
    }

    /** Every range. */
    public static List<ChartRange> all() {
        return Arrays.asList(values());
    }

    /** One range as of a moment: {@code [from, to)} in {@code buckets} buckets of {@code bucketSeconds}. */
    public record Window(ChartRange range, Instant from, Instant to) {
        public long bucketSeconds() {
            return range.bucket().toSeconds();
        }

        public int buckets() {
            return range.buckets();
        }
    }
}
