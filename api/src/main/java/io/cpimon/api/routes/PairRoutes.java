package io.cpimon.api.routes;

import io.cpimon.alerting.pairs.PairStatusService;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.vertx.ext.web.Router;

/**
 * {@code GET /api/v1/pairs}: per pair the active tenant, the failover/failback history, open DR drift and
 * duplicate keys, as {@link PairStatusService} computes them. Stateless; handlers never block.
 */
public final class PairRoutes implements ApiRoutes {
    private final PairStatusService pairs;

    public PairRoutes(PairStatusService pairs) {
        this.pairs = pairs;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/pairs").handler(ctx -> endpoints.respond(ctx, pairs::pairs));
    }
}
