package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.ApiServer;
import io.cpimon.api.Endpoints;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: Server-Sent Events for the dashboard. A client gets the tenant tiles at once
 * ({@code event: tenants}) and again after every change announced on {@link ApiServer#CHANGES}; changes arriving close
 * together are coalesced into one snapshot, computed once for all clients. Keep-alive comments every
 * {@value #HEARTBEAT_MS} ms. Listens from {@link #mount} until {@link #close}; handlers run on the event loop.
 */
public final class EventRoutes implements ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(EventRoutes.class);
    static final long COALESCE_MS = 250;
    static final long HEARTBEAT_MS = 15_000;

    private final TenantViews views;
    private final Set<HttpServerResponse> clients = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private Vertx vertx;
    private Endpoints endpoints;
    private MessageConsumer<Object> consumer;
    private long heartbeat = -1;

    public EventRoutes(TenantViews views) {
        this.views = views;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        this.endpoints = endpoints;
        this.vertx = endpoints.vertx();
        router.get("/api/v1/events").handler(this::handle);
        consumer = vertx.eventBus().consumer(ApiServer.CHANGES, m -> schedule());
        heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> clients.forEach(c -> c.write(": keep-alive\n\n")));
    }

    private void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write("retry: 2000\n\n");
        clients.add(response);
        response.closeHandler(v -> clients.remove(response));
        endpoints.call(views::all).onSuccess(tiles -> send(response, Endpoints.toJson(tiles)));
    }

    private void schedule() {
        if (clients.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        vertx.setTimer(COALESCE_MS, id -> {
            scheduled.set(false);
            endpoints.call(views::all)
                    .onSuccess(tiles -> {
                        String data = Endpoints.toJson(tiles);
                        clients.forEach(c -> send(c, data));
                    })
                    .onFailure(e -> LOG.warn("tenant snapshot for the event stream failed: {}", e.toString()));
        });
    }

    private static void send(HttpServerResponse response, String data) {
        if (!response.closed()) {
            response.write("event: tenants\ndata: " + data + "\n\n");
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.unregister();
            consumer = null;
        }
        if (heartbeat >= 0) {
            vertx.cancelTimer(heartbeat);
            heartbeat = -1;
        }
        clients.forEach(c -> {
            if (!c.closed()) {
                c.end();
            }
        });
        clients.clear();
    }
}
