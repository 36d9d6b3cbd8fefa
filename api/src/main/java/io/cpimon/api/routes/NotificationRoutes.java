package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Requests;
import io.cpimon.db.NotificationState;
import io.cpimon.db.NotificationStore;
import io.vertx.ext.web.Router;

/** {@code GET /api/v1/notifications?state&limit}: the notification outbox, dead rows included. Stateless. */
public final class NotificationRoutes implements ApiRoutes {
    private static final int DEFAULT_LIMIT = 100;

    private final NotificationStore notifications;

    public NotificationRoutes(NotificationStore notifications) {
        this.notifications = notifications;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/notifications").handler(ctx -> {
            NotificationState state = Requests.enumParam(ctx, "state", NotificationState.class);
            int limit = Requests.limit(ctx, DEFAULT_LIMIT);
            endpoints.respond(ctx, () -> notifications.list(state, limit));
        });
    }
}
