package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.db.AlertStore;
import io.cpimon.db.NotificationStore;
import io.cpimon.forward.ForwarderSet;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;

/**
 * {@code GET /metrics}: the scrape of the one Prometheus registry every module records into (text format 0.0.4),
 * after {@link StateGauges} were set from the tenant tiles, the open alerts, the outbox counts and the forwarders
 * (behind the API's authentication when tokens are set). Stateless; the handler never blocks the event loop.
 */
public final class MetricsRoutes implements ApiRoutes {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final StateGauges gauges;
    private final TenantViews tenants;
    private final AlertStore alerts;
    private final NotificationStore notifications;
    private final ForwarderSet forwarders;

    public MetricsRoutes(PrometheusMeterRegistry registry, TenantViews tenants, AlertStore alerts,
                         NotificationStore notifications, ForwarderSet forwarders) {
        this.registry = registry;
        this.gauges = new StateGauges(registry);
        this.tenants = tenants;
        this.alerts = alerts;
        this.notifications = notifications;
        this.forwarders = forwarders;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/metrics").handler(ctx -> endpoints.call(this::scrape)
                .onSuccess(text -> ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(text))
                .onFailure(ctx::fail));
    }

    private String scrape() {
        gauges.update(new StateGauges.Inputs(tenants.all(), alerts.openAlerts(), notifications.countByChannel(),
                forwarders.statuses()));
        return registry.scrape();
    }
}
