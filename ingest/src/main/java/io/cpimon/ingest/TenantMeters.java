package io.cpimon.ingest;

import io.cpimon.db.ProbeResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The meters of one tenant's ingest loops: MPL poll duration by outcome ({@code cpimon_ingest_poll_duration_seconds}),
 * rows inserted ({@code cpimon_ingest_rows_total}), ingest lag ({@code cpimon_ingest_lag_seconds}: seconds since the
 * start of the last successful poll, or of the meters when none succeeded yet) and probe latency by result
 * ({@code cpimon_probe_duration_seconds}). Label {@code tenant} is a configured tenant id. Thread-safe;
 * {@link #close()} removes the meters from the registry.
 */
public final class TenantMeters implements AutoCloseable {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer pollSuccess;
    private final Timer pollFailure;
    private final Counter rows;
    private final Timer probeUp;
    private final Timer probeDown;
    private final List<Meter> meters = new ArrayList<>();
    private volatile Instant fresh;

    public TenantMeters(MeterRegistry registry, String tenant, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.fresh = clock.instant();
        Tags tags = Tags.of("tenant", tenant);
        pollSuccess = add(poll(tags.and("outcome", "success")));
        pollFailure = add(poll(tags.and("outcome", "failure")));
        rows = add(Counter.builder("cpimon.ingest.rows").tags(tags)
                .description("MPL rows the tenant's poller inserted").register(registry));
        add(Gauge.builder("cpimon.ingest.lag", this, TenantMeters::lagSeconds).tags(tags).baseUnit("seconds")
                .description("Seconds since the start of the tenant's last successful MPL poll").strongReference(true)
                .register(registry));
        probeUp = add(probe(tags.and("result", "up")));
        probeDown = add(probe(tags.and("result", "down")));
    }

    private Timer poll(Tags tags) {
        return Timer.builder("cpimon.ingest.poll.duration").tags(tags)
                .description("Duration of the tenant's MPL polls, every step included").register(registry);
    }

    private Timer probe(Tags tags) {
        return Timer.builder("cpimon.probe.duration").tags(tags)
                .description("Latency of the tenant's runtime probes by result").register(registry);
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Runs one poll: times it, counts its inserted rows and, when it succeeds, resets the lag. */
    public MplPoller.Outcome poll(Supplier<MplPoller.Outcome> poll) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        try {
            MplPoller.Outcome outcome = poll.get();
            pollSuccess.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            rows.increment(outcome.inserted());
            fresh = start;
            return outcome;
        } catch (RuntimeException e) {
            pollFailure.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            throw e;
        }
    }

    /** Runs one probe and records its latency under its result. */
    public ProbeResult probe(Supplier<ProbeResult> probe) {
        ProbeResult result = probe.get();
        (result.up() ? probeUp : probeDown).record(Duration.ofMillis(result.latencyMillis()));
        return result;
    }

    double lagSeconds() {
        return Math.max(0, Duration.between(fresh, clock.instant()).toMillis() / 1000.0);
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
