package io.cpimon.api.routes;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Paging;
import io.cpimon.api.Requests;
import io.cpimon.config.CpimonConfig.Role;
import io.cpimon.db.AuditStore;
import io.cpimon.db.Keyset;
import io.vertx.ext.web.Router;
import java.util.Set;

/**
 * {@code GET /api/v1/audit?actor&action&since&until&limit&before} (admin): the audit log of state changes made
 * through the API ({@link io.cpimon.api.AuditTrail} writes it), newest first, paged as {@link Paging} says. Admin
 * only: it names every caller and their addresses. Stateless; handlers never block.
 */
public final class AuditRoutes implements ApiRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_TEXT = 200;
    private static final Set<String> PARAMETERS = Set.of("actor", "action", "since", "until", "limit", "before");

    private final AuditStore audit;

    public AuditRoutes(AuditStore audit) {
        this.audit = audit;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/audit").handler(ApiAuth.requires(Role.ADMIN)).handler(ctx -> {
            Requests.onlyParams(ctx, PARAMETERS);
            String actor = Requests.text(ctx, "actor", MAX_TEXT);
            String action = Requests.text(ctx, "action", MAX_TEXT);
            Paging.Window w = Paging.window(ctx, DEFAULT_LIMIT);
            endpoints.call(() -> audit.search(new AuditStore.Query(actor, action, w.since(), w.until(), w.before(),
                            w.limit())))
                    .onSuccess(page -> Paging.respond(ctx, w, page, e -> new Keyset(e.at(), e.id())))
                    .onFailure(ctx::fail);
        });
    }
}
