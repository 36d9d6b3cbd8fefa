package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Requests;
import io.cpimon.api.routes.DashboardSeries.Heartbeat;
import io.cpimon.api.routes.DashboardSeries.Throughput;
import io.cpimon.db.ArtifactRow;
import io.cpimon.db.ArtifactStore;
import io.cpimon.db.DashboardStore;
import io.cpimon.db.DashboardStore.FailingIflow;
import io.cpimon.db.KeystoreRow;
import io.cpimon.db.KeystoreStore;
import io.cpimon.db.TenantRow;
import io.cpimon.db.TenantStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One tenant's detail for the dashboard's tenant page, under {@code /api/v1/tenants/{id}/}: {@code heartbeat} and
 * {@code stats} ({@code ?range=1h|24h|7d|30d}), {@code artifacts} (with the pair partner's version and state side by
 * side) and {@code keystore} (by expiry). 404 for a tenant that is not configured. Stateless; handlers never block.
 */
public final class TenantDetailRoutes implements ApiRoutes {
    static final int TOP_FAILING = 10;

    private final TenantStore tenants;
    private final DashboardStore dashboard;
    private final ArtifactStore artifacts;
    private final KeystoreStore keystore;
    private final Clock clock;

    public TenantDetailRoutes(TenantStore tenants, DashboardStore dashboard, ArtifactStore artifacts,
                              KeystoreStore keystore, Clock clock) {
        this.tenants = tenants;
        this.dashboard = dashboard;
        this.artifacts = artifacts;
        this.keystore = keystore;
        this.clock = clock;
    }

    /** Probe buckets of one tenant. */
    public record HeartbeatView(String tenant, String range, Instant from, Instant to, int buckets, long bucketSeconds,
                                List<Heartbeat> heartbeat) {}

    /**
     * Probes and messages of one tenant over a range.
     * @param successRate nullable: completed / (completed + failed), null when nothing ended
     * @param latencyP50Ms nullable: the median of the buckets' medians (probes that were up)
     */
    public record StatsView(String tenant, String range, Instant from, Instant to, int buckets, long bucketSeconds,
                            List<Heartbeat> heartbeat, List<Throughput> throughput, Map<String, Long> totals,
                            Double successRate, int probes, int probesDown, Long latencyP50Ms,
                            List<FailingIflow> topFailing) {}

    /**
     * One deployed artifact, with the same artifact on the pair partner.
     * @param partner nullable: the partner's deployment (null when the tenant is unpaired or the partner lacks it)
     * @param drift nullable: {@code missing-on-partner}, {@code version} or {@code status}; null when both agree
     */
    public record ArtifactView(ArtifactRow artifact, PartnerArtifact partner, String drift) {}

    /** The partner tenant's deployment of the same artifact. @param version nullable; @param status nullable */
    public record PartnerArtifact(String version, String status, Instant deployedOn) {}

    /**
     * A tenant's deployed artifacts.
     * @param partner nullable: the other tenant of its pair
     * @param onlyOnPartner artifacts the partner has deployed and this tenant has not
     */
    public record ArtifactsView(String tenant, String partner, String partnerRole, List<ArtifactView> artifacts,
                                List<ArtifactRow> onlyOnPartner) {}

    /** One keystore entry. @param daysLeft nullable: whole days until validNotAfter (negative once expired) */
    public record KeystoreView(KeystoreRow entry, Long daysLeft) {}

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/tenants/:id/heartbeat").handler(ctx -> {
            Requests.onlyParams(ctx, Set.of("range"));
            ChartRange range = ChartRange.param(ctx, ChartRange.DAY, ChartRange.all());
            String id = ctx.pathParam("id");
            endpoints.respond(ctx, () -> heartbeat(tenant(id), range));
        });
        router.get("/api/v1/tenants/:id/stats").handler(ctx -> {
            Requests.onlyParams(ctx, Set.of("range"));
            ChartRange range = ChartRange.param(ctx, ChartRange.DAY, ChartRange.all());
            String id = ctx.pathParam("id");
            endpoints.respond(ctx, () -> stats(tenant(id), range));
        });
        router.get("/api/v1/tenants/:id/artifacts").handler(ctx -> noParams(ctx, endpoints,
                id -> artifacts(tenant(id))));
        router.get("/api/v1/tenants/:id/keystore").handler(ctx -> noParams(ctx, endpoints,
                id -> keystore(tenant(id))));
    }

    private static void noParams(RoutingContext ctx, Endpoints endpoints, Function<String, Object> work) {
        Requests.onlyParams(ctx, Set.of());
        String id = ctx.pathParam("id");
        endpoints.respond(ctx, () -> work.apply(id));
    }

    private TenantRow tenant(String id) {
        return tenants.all().stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> Endpoints.notFound("no tenant '" + id + "' is configured"));
    }

    private HeartbeatView heartbeat(TenantRow t, ChartRange range) {
        ChartRange.Window w = range.window(clock.instant());
        List<Heartbeat> beats = DashboardSeries.heartbeats(dashboard.probeBuckets(t.id(), w.from(), w.to(),
                w.buckets())).getOrDefault(t.id(), List.of());
        return new HeartbeatView(t.id(), range.label(), w.from(), w.to(), w.buckets(), w.bucketSeconds(), beats);
    }

    private StatsView stats(TenantRow t, ChartRange range) {
        ChartRange.Window w = range.window(clock.instant());
        List<Heartbeat> beats = DashboardSeries.heartbeats(dashboard.probeBuckets(t.id(), w.from(), w.to(),
                w.buckets())).getOrDefault(t.id(), List.of());
        List<Throughput> flow = DashboardSeries.throughput(dashboard.messageBuckets(t.id(), w.from(), w.to(),
                w.buckets()), true).getOrDefault(t.id(), List.of());
        Map<String, Long> totals = new TreeMap<>();
        flow.forEach(b -> b.byStatus().forEach((s, n) -> totals.merge(s, n, Long::sum)));
        List<Long> medians = beats.stream().map(Heartbeat::p50Ms).filter(Objects::nonNull).sorted().toList();
        return new StatsView(t.id(), range.label(), w.from(), w.to(), w.buckets(), w.bucketSeconds(), beats, flow,
                totals, DashboardSeries.successRate(flow), beats.stream().mapToInt(Heartbeat::probes).sum(),
                beats.stream().mapToInt(Heartbeat::down).sum(),
                medians.isEmpty() ? null : medians.get(medians.size() / 2),
                dashboard.topFailing(t.id(), w.from(), w.to(), TOP_FAILING));
    }

    private ArtifactsView artifacts(TenantRow t) {
        TenantRow partner = partner(t);
        List<ArtifactRow> own = artifacts.of(t.id());
        Map<String, ArtifactRow> theirs = partner == null ? Map.of() : artifacts.of(partner.id()).stream()
                .collect(Collectors.toMap(ArtifactRow::artifactId, Function.identity()));
        List<ArtifactView> out = new ArrayList<>();
        for (ArtifactRow a : own) {
            ArtifactRow p = theirs.get(a.artifactId());
            String drift = partner == null ? null : p == null ? "missing-on-partner"
                    : !Objects.equals(a.version(), p.version()) ? "version"
                    : !Objects.equals(a.status(), p.status()) ? "status" : null;
            out.add(new ArtifactView(a, p == null ? null : new PartnerArtifact(p.version(), p.status(), p.deployedOn()),
                    drift));
        }
        Set<String> ownIds = own.stream().map(ArtifactRow::artifactId).collect(Collectors.toSet());
        List<ArtifactRow> onlyOnPartner = theirs.values().stream().filter(a -> !ownIds.contains(a.artifactId()))
                .sorted(Comparator.comparing(ArtifactRow::artifactId)).toList();
        return new ArtifactsView(t.id(), partner == null ? null : partner.id(), partner == null ? null : partner.role(),
                out, onlyOnPartner);
    }

    private TenantRow partner(TenantRow t) {
        if (t.pairId() == null) {
            return null;
        }
        return tenants.all().stream().filter(o -> t.pairId().equals(o.pairId()) && !o.id().equals(t.id()))
                .findFirst().orElse(null);
    }

    private List<KeystoreView> keystore(TenantRow t) {
        Instant now = clock.instant();
        return keystore.of(t.id()).stream()
                .sorted(Comparator.comparing(KeystoreRow::validNotAfter,
                                Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                        .thenComparing(KeystoreRow::alias))
                .map(k -> new KeystoreView(k, k.validNotAfter() == null ? null
                        : Math.floorDiv(Duration.between(now, k.validNotAfter()).toSeconds(), 86_400L)))
                .toList();
    }
}
