package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Requests;
import io.cpimon.db.MplStore;
import io.vertx.ext.web.Router;

/**
 * {@code GET /api/v1/messages?tenant&status&before&limit}: stored MPLs across tenants, newest first. Stateless;
 * handlers never block.
 */
public final class MessageRoutes implements ApiRoutes {
    private static final int DEFAULT_LIMIT = 100;

    private final MplStore mpls;

    public MessageRoutes(MplStore mpls) {
        this.mpls = mpls;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/messages").handler(ctx -> {
            MplStore.MplQuery q = new MplStore.MplQuery(Requests.param(ctx, "tenant"),
                    Requests.upperParam(ctx, "status"), Requests.instant(ctx, "before"),
                    Requests.limit(ctx, DEFAULT_LIMIT));
            endpoints.respond(ctx, () -> mpls.search(q));
        });
    }
}
