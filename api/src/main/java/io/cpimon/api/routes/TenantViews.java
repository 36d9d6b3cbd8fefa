package io.cpimon.api.routes;

import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.MplStore;
import io.cpimon.db.PollCursor;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.ProbeResult;
import io.cpimon.db.ProbeStore;
import io.cpimon.db.TenantRow;
import io.cpimon.db.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Assembles {@link TenantView}s from the stores: a read model, one query per store for all tenants. Blocking;
 * thread-safe (holds no state).
 */
public final class TenantViews {
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final String MPL_STREAM = "mpl";
    /** The MPL poller's later steps keep their status as streams named {@code mpl-<step>}. */
    static final String MPL_STEP_PREFIX = "mpl-";

    private final TenantStore tenants;
    private final ProbeStore probes;
    private final PollCursorStore cursors;
    private final MplStore mpls;
    private final AlertStore alerts;
    private final Clock clock;

    public TenantViews(TenantStore tenants, ProbeStore probes, PollCursorStore cursors, MplStore mpls,
                       AlertStore alerts, Clock clock) {
        this.tenants = tenants;
        this.probes = probes;
        this.cursors = cursors;
        this.mpls = mpls;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** One tenant's tile, empty for an id that is not configured. Blocking. */
    public Optional<TenantView> one(String id) {
        return all().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** Every tenant's tile, in the tenant store's order. Blocking. */
    public List<TenantView> all() {
        Instant now = clock.instant();
        Map<String, ProbeResult> latest = probes.latestPerTenant();
        Map<String, PollCursor> mplCursors = new HashMap<>();
        Map<String, Map<String, String>> failedSteps = new HashMap<>();
        for (PollCursor c : cursors.all()) {
            if (MPL_STREAM.equals(c.stream())) {
                mplCursors.put(c.tenantId(), c);
            } else if (c.stream().startsWith(MPL_STEP_PREFIX) && c.consecutiveFailures() > 0 && c.lastError() != null) {
                failedSteps.computeIfAbsent(c.tenantId(), t -> new TreeMap<>()).put(c.stream(), c.lastError());
            }
        }
        Map<String, MplStore.MplCounts> counts = mpls.countsSince(now.minus(WINDOW));
        Map<String, int[]> alertCounts = new HashMap<>();
        for (Alert a : alerts.openAlerts()) {
            String tenant = a.labels().get("tenant");
            if (tenant != null) {
                int[] c = alertCounts.computeIfAbsent(tenant, t -> new int[2]);
                c[a.state() == AlertState.FIRING ? 0 : 1]++;
            }
        }
        List<TenantView> views = new ArrayList<>();
        for (TenantRow t : tenants.all()) {
            ProbeResult p = latest.get(t.id());
            PollCursor c = mplCursors.get(t.id());
            MplStore.MplCounts m = counts.getOrDefault(t.id(), new MplStore.MplCounts(0, 0));
            int[] a = alertCounts.getOrDefault(t.id(), new int[2]);
            views.add(new TenantView(t.id(), t.name(), t.labels(), t.pairId(), t.role(),
                    p == null ? null : new TenantView.Probe(p.up(), p.statusCode(), p.latencyMillis(), p.at(),
                            p.error()),
                    c == null ? null : new TenantView.Ingest(c.lastSuccess(), c.watermark(), c.lastError(),
                            c.consecutiveFailures(), c.rowsTotal(), c.lastSuccess() == null ? null
                                    : Math.max(0, Duration.between(c.lastSuccess(), now).toSeconds()),
                            failedSteps.getOrDefault(t.id(), Map.of())),
                    new TenantView.Messages((int) WINDOW.toMinutes(), m.total(), m.failed()),
                    new TenantView.Alerts(a[0], a[1])));
        }
        return views;
    }
}
