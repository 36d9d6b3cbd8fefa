package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.db.AlertStore;
import io.cpimon.db.NotificationStore;
import io.cpimon.forward.ForwarderSet;
import io.vertx.ext.web.Router;

/**
 * {@code GET /metrics}: the Prometheus text rendered by {@link PrometheusMetrics} from the tenant tiles, the open
 * alerts, the outbox counts and the forwarders (behind the API's authentication when tokens are set). Stateless; handlers never block.
 */
public final class MetricsRoutes implements ApiRoutes {
    private final TenantViews tenants;
    private final AlertStore alerts;
    private final NotificationStore notifications;
    private final ForwarderSet forwarders;

    public MetricsRoutes(TenantViews tenants, AlertStore alerts, NotificationStore notifications,
                         ForwarderSet forwarders) {
        this.tenants = tenants;
        this.alerts = alerts;
        this.notifications = notifications;
        this.forwarders = forwarders;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/metrics").handler(ctx -> endpoints.call(this::render)
                .onSuccess(text -> ctx.response().putHeader("Content-Type", PrometheusMetrics.CONTENT_TYPE).end(text))
                .onFailure(ctx::fail));
    }

    private String render() {
        return PrometheusMetrics.render(new PrometheusMetrics.Inputs(tenants.all(), alerts.openAlerts(),
                notifications.countByChannel(), forwarders.statuses()));
    }
}
