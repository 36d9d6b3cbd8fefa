package io.cpimon.api.routes;

import io.cpimon.alerting.pairs.PairStatusService;
import io.cpimon.alerting.pairs.PairView;
import io.cpimon.api.routes.DashboardSeries.Throughput;
import io.cpimon.config.LabelMatcher;
import io.cpimon.db.DashboardStore;
import io.cpimon.db.DashboardStore.ProbeBucket;
import io.cpimon.db.Silence;
import io.cpimon.db.SilenceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Assembles the {@link OverviewView} from the tenant tiles, the pair status, the dashboard's aggregates and the
 * silences: a fixed number of queries whatever the number of tenants. Heartbeat buckets that have closed are kept per
 * range and read once: a probe result is stored at the time the probe ran, so a bucket that ended more than
 * {@link #PROBE_SETTLE} ago never changes; each call reads only the buckets after that. Message buckets are read
 * every time (late messages land in old buckets). The reads of one call run concurrently on virtual threads.
 * Blocking; thread-safe (the closed buckets under one lock per range).
 */
public final class OverviewViews {
    /** The window of the "failed" count. */
    static final Duration FAILED_WINDOW = Duration.ofHours(24);
    /** Certificates ending within this count as expiring. */
    static final Duration CERTIFICATE_HORIZON = Duration.ofDays(30);
    /** How long after a heartbeat bucket has ended a probe result may still be stored into it (a probe's timeout). */
    static final Duration PROBE_SETTLE = Duration.ofMinutes(2);
    /**
     * At most this many of the overview's reads run at once, over every caller: each holds a pooled connection, and
     * a few dashboards open at once must not take the pool the pollers and probes need.
     */
    static final int CONCURRENT_READS = 3;

    private final TenantViews tiles;
    private final PairStatusService pairs;
    private final DashboardStore dashboard;
    private final SilenceStore silences;
    private final Supplier<Duration> stuckAfter;
    private final Clock clock;
    private final Map<ChartRange, ClosedBeats> closed = new EnumMap<>(ChartRange.class);
    private final Semaphore readSlots = new Semaphore(CONCURRENT_READS, true);

    /**
     * @param stuckAfter how long a message may stay PROCESSING or RETRY before it counts as stuck (read per call: the
     *                   configuration may be reloaded)
     */
    public OverviewViews(TenantViews tiles, PairStatusService pairs, DashboardStore dashboard, SilenceStore silences,
                         Supplier<Duration> stuckAfter, Clock clock) {
        this.tiles = tiles;
        this.pairs = pairs;
        this.dashboard = dashboard;
        this.silences = silences;
        this.stuckAfter = stuckAfter;
        this.clock = clock;
    }

    /** A virtual thread for one read, which waits for one of the {@link #CONCURRENT_READS} slots (fairly) first. */
    private Thread readThread(Runnable read) {
        return Thread.ofVirtual().name("overview-read").unstarted(() -> {
            readSlots.acquireUninterruptibly();
            try {
                read.run();
            } finally {
                readSlots.release();
            }
        });
    }

    /**
     * The overview with heartbeats and throughput over {@code range}. Blocking: its reads are independent and run at
     * the same time, each on its own virtual thread (and pooled connection), at most {@link #CONCURRENT_READS} of them
     * at once over all callers.
     */
    public OverviewView overview(ChartRange range) {
        Instant now = clock.instant();
        ChartRange.Window w = range.window(now);
        Instant failedSince = now.minus(FAILED_WINDOW);
        Instant stuckBefore = now.minus(stuckAfter.get());
        Instant certificatesBefore = now.plus(CERTIFICATE_HORIZON);
        List<TenantView> all;
        Map<String, List<OverviewView.Beat>> beats;
        Map<String, List<Throughput>> flow;
        Map<String, Long> failed;
        Map<String, Long> stuck;
        Map<String, Long> certificates;
        List<PairView> pairList;
        long dead;
        List<Silence> current;
        try (ExecutorService reads = Executors.newThreadPerTaskExecutor(this::readThread)) {
            Future<Map<String, List<Throughput>>> flowRead = reads.submit(() -> DashboardSeries.throughput(
                    dashboard.messageBuckets(null, w.from(), w.to(), w.buckets()), false));
            Future<Map<String, Long>> stuckRead = reads.submit(() -> dashboard.stuck(stuckBefore));
            Future<List<TenantView>> tilesRead = reads.submit(tiles::all);
            Future<Map<String, List<OverviewView.Beat>>> beatsRead = reads.submit(() -> heartbeats(w, now));
            Future<Map<String, Long>> failedRead = reads.submit(() -> dashboard.failedSince(failedSince));
            Future<Map<String, Long>> certificatesRead = reads.submit(
                    () -> dashboard.certificatesExpiring(certificatesBefore));
            Future<List<PairView>> pairsRead = reads.submit(pairs::pairs);
            Future<Long> deadRead = reads.submit(dashboard::deadNotifications);
            Future<List<Silence>> silencesRead = reads.submit(() -> silences.current(now));
            all = done(tilesRead);
            beats = done(beatsRead);
            flow = done(flowRead);
            failed = done(failedRead);
            stuck = done(stuckRead);
            certificates = done(certificatesRead);
            pairList = done(pairsRead);
            dead = done(deadRead);
            current = done(silencesRead);
        }

        List<OverviewView.Tenant> tenants = new ArrayList<>();
        List<String> down = new ArrayList<>();
        int firing = 0;
        int pending = 0;
        for (TenantView t : all) {
            List<Throughput> throughput = flow.getOrDefault(t.id(), List.of());
            tenants.add(new OverviewView.Tenant(t, beats.getOrDefault(t.id(), List.of()), throughput.stream()
                    .map(b -> new OverviewView.Flow(b.bucket(), b.total(), b.completed(), b.failed())).toList(),
                    DashboardSeries.successRate(throughput), failed.getOrDefault(t.id(), 0L),
                    stuck.getOrDefault(t.id(), 0L), certificates.getOrDefault(t.id(), 0L)));
            if (t.probe() != null && !t.probe().up()) {
                down.add(t.id());
            }
            firing += t.alerts().firing();
            pending += t.alerts().pending();
        }
        List<OverviewView.Pair> pairViews = new ArrayList<>();
        long duplicates = 0;
        for (PairView p : pairList) {
            pairViews.add(new OverviewView.Pair(p.id(), p.primary(), p.dr(), p.mode(), p.activeTenant(),
                    p.failedOver(), p.duplicates(), p.drift().size()));
            duplicates += p.duplicates();
        }
        OverviewView.Counts counts = new OverviewView.Counts(sum(failed), failedSince, sum(stuck), stuckBefore,
                duplicates, sum(certificates), certificatesBefore, dead, firing, pending);
        List<OverviewView.Maintenance> maintenance = current.stream()
                .filter(s -> s.startsAt().isAfter(now))
                .sorted(Comparator.comparing(Silence::startsAt))
                .map(s -> new OverviewView.Maintenance(s.id(), s.matchers().stream().map(LabelMatcher::toString)
                        .toList(), s.startsAt(), s.endsAt(), s.createdBy(), s.comment()))
                .toList();
        return new OverviewView(now, range.label(), w.from(), w.to(), w.buckets(), w.bucketSeconds(), tenants,
                pairViews, counts, down, maintenance);
    }

    /** Every tenant's heartbeat buckets of the window: the closed ones from memory, the rest from the database. */
    private Map<String, List<OverviewView.Beat>> heartbeats(ChartRange.Window w, Instant now) {
        long width = w.bucketSeconds() * 1000;
        long first = w.from().toEpochMilli() / width;
        long end = w.to().toEpochMilli() / width;
        long settled = Math.floorDiv(now.minus(PROBE_SETTLE).toEpochMilli(), width) - 1;
        ClosedBeats cache;
        synchronized (closed) {
            cache = closed.computeIfAbsent(w.range(), r -> new ClosedBeats());
        }
        Map<String, List<OverviewView.Beat>> out = new HashMap<>();
        synchronized (cache) {
            cache.byTenant.values().forEach(m -> m.headMap(first).clear());
            long readFrom = Math.max(first, Math.min(cache.closedUpTo + 1, end));
            List<ProbeBucket> fresh = end > readFrom ? dashboard.probeBuckets(null,
                    Instant.ofEpochMilli(readFrom * width), w.to(), (int) (end - readFrom)) : List.of();
            for (ProbeBucket b : fresh) {
                long bucket = readFrom + b.bucket();
                TreeMap<Long, ProbeBucket> tenant = cache.byTenant.computeIfAbsent(b.tenantId(), t -> new TreeMap<>());
                tenant.put(bucket, b);
            }
            cache.byTenant.forEach((tenant, buckets) -> {
                List<OverviewView.Beat> list = new ArrayList<>();
                buckets.subMap(first, end).forEach((bucket, b) -> list.add(new OverviewView.Beat(
                        (int) (bucket - first), b.probes(), b.down(), b.p50Millis(), b.maxMillis())));
                if (!list.isEmpty()) {
                    out.put(tenant, list);
                }
                // what is still open is read again next time
                buckets.tailMap(settled, false).clear();
            });
            cache.closedUpTo = Math.max(cache.closedUpTo, Math.min(settled, end - 1));
        }
        return out;
    }

    /** The closed heartbeat buckets of one range by tenant and absolute bucket number (epoch / width). */
    private static final class ClosedBeats {
        final Map<String, TreeMap<Long, ProbeBucket>> byTenant = new HashMap<>();
        /** Buckets up to this one (inclusive) are complete in {@link #byTenant}; none at first. */
        long closedUpTo = Long.MIN_VALUE / 2;
    }

    /** The read's result; what it threw, thrown here (an unchecked exception as it is). */
    private static <T> T done(Future<T> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the overview", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
