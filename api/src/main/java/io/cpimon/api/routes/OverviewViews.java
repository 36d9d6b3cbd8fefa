package io.cpimon.api.routes;

import io.cpimon.alerting.pairs.PairStatusService;
import io.cpimon.alerting.pairs.PairView;
import io.cpimon.api.routes.DashboardSeries.Heartbeat;
import io.cpimon.api.routes.DashboardSeries.Throughput;
import io.cpimon.config.LabelMatcher;
import io.cpimon.db.DashboardStore;
import io.cpimon.db.Silence;
import io.cpimon.db.SilenceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Assembles the {@link OverviewView} from the tenant tiles, the pair status, the dashboard's aggregates and the
 * silences: a fixed number of queries whatever the number of tenants. Blocking; thread-safe (holds no state).
 */
public final class OverviewViews {
    /** The window of the "failed" count. */
    static final Duration FAILED_WINDOW = Duration.ofHours(24);
    /** Certificates ending within this count as expiring. */
    static final Duration CERTIFICATE_HORIZON = Duration.ofDays(30);

    private final TenantViews tiles;
    private final PairStatusService pairs;
    private final DashboardStore dashboard;
    private final SilenceStore silences;
    private final Duration stuckAfter;
    private final Clock clock;

    /** @param stuckAfter how long a message may stay PROCESSING or RETRY before it counts as stuck */
    public OverviewViews(TenantViews tiles, PairStatusService pairs, DashboardStore dashboard, SilenceStore silences,
                         Duration stuckAfter, Clock clock) {
        this.tiles = tiles;
        this.pairs = pairs;
        this.dashboard = dashboard;
        this.silences = silences;
        this.stuckAfter = stuckAfter;
        this.clock = clock;
    }

    /** The overview with heartbeats and throughput over {@code range}. Blocking. */
    public OverviewView overview(ChartRange range) {
        Instant now = clock.instant();
        ChartRange.Window w = range.window(now);
        List<TenantView> all = tiles.all();
        Map<String, List<Heartbeat>> beats = DashboardSeries.heartbeats(
                dashboard.probeBuckets(null, w.from(), w.to(), w.buckets()));
        Map<String, List<Throughput>> flow = DashboardSeries.throughput(
                dashboard.messageBuckets(null, w.from(), w.to(), w.buckets()), false);
        Instant failedSince = now.minus(FAILED_WINDOW);
        Instant stuckBefore = now.minus(stuckAfter);
        Instant certificatesBefore = now.plus(CERTIFICATE_HORIZON);
        Map<String, Long> failed = dashboard.failedSince(failedSince);
        Map<String, Long> stuck = dashboard.stuck(stuckBefore);
        Map<String, Long> certificates = dashboard.certificatesExpiring(certificatesBefore);

        List<OverviewView.Tenant> tenants = new ArrayList<>();
        List<String> down = new ArrayList<>();
        int firing = 0;
        int pending = 0;
        for (TenantView t : all) {
            List<Throughput> throughput = flow.getOrDefault(t.id(), List.of());
            tenants.add(new OverviewView.Tenant(t, beats.getOrDefault(t.id(), List.of()), throughput,
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
        for (PairView p : pairs.pairs()) {
            pairViews.add(new OverviewView.Pair(p.id(), p.primary(), p.dr(), p.mode(), p.activeTenant(),
                    p.failedOver(), p.duplicates(), p.drift().size()));
            duplicates += p.duplicates();
        }
        OverviewView.Counts counts = new OverviewView.Counts(sum(failed), failedSince, sum(stuck), stuckBefore,
                duplicates, sum(certificates), certificatesBefore, dashboard.deadNotifications(), firing, pending);
        List<OverviewView.Maintenance> maintenance = silences.current(now).stream()
                .filter(s -> s.startsAt().isAfter(now))
                .sorted(Comparator.comparing(Silence::startsAt))
                .map(s -> new OverviewView.Maintenance(s.id(), s.matchers().stream().map(LabelMatcher::toString)
                        .toList(), s.startsAt(), s.endsAt(), s.createdBy(), s.comment()))
                .toList();
        return new OverviewView(now, range.label(), w.from(), w.to(), w.buckets(), w.bucketSeconds(), tenants,
                pairViews, counts, down, maintenance);
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
