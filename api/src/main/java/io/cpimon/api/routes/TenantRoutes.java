package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.vertx.ext.web.Router;

/**
 * {@code GET /api/v1/tenants} (every tenant tile) and {@code GET /api/v1/tenants/{id}} (one; 404 for an unknown id).
 * Stateless; handlers never block.
 */
public final class TenantRoutes implements ApiRoutes {
    private final TenantViews tenants;

    public TenantRoutes(TenantViews tenants) {
        this.tenants = tenants;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/tenants").handler(ctx -> endpoints.respond(ctx, tenants::all));
        router.get("/api/v1/tenants/:id").handler(ctx -> {
            String id = ctx.pathParam("id");
            endpoints.respond(ctx, () -> tenants.one(id)
                    .orElseThrow(() -> Endpoints.notFound("no tenant '" + id + "' is configured")));
        });
    }
}
