package io.cpimon.api;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: Server-Sent Events for the dashboard. A client gets the tenant tiles at
 * once ({@code event: tenants}) and again after every change announced on {@link ApiServer#CHANGES};
 * changes arriving close together are coalesced into one snapshot, computed once for all clients.
 */
final class EventStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final long COALESCE_MS = 250;
    static final long HEARTBEAT_MS = 15_000;

    private final Vertx vertx;
    private final Blocking blocking;
    private final TenantViews views;
    private final Set<HttpServerResponse> clients = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private MessageConsumer<Object> consumer;
    private long heartbeat = -1;

    EventStream(Vertx vertx, Blocking blocking, TenantViews views) {
        this.vertx = vertx;
        this.blocking = blocking;
        this.views = views;
    }

    void start() {
        consumer = vertx.eventBus().consumer(ApiServer.CHANGES, m -> schedule());
        heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> clients.forEach(c -> c.write(": keep-alive\n\n")));
    }

    void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write("retry: 2000\n\n");
        clients.add(response);
        response.closeHandler(v -> clients.remove(response));
        blocking.call(vertx.getOrCreateContext(), views::all).onSuccess(tiles -> send(response, Json.write(tiles)));
    }

    private void schedule() {
        if (clients.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        vertx.setTimer(COALESCE_MS, id -> {
            scheduled.set(false);
            blocking.call(vertx.getOrCreateContext(), views::all)
                    .onSuccess(tiles -> {
                        String data = Json.write(tiles);
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
        }
        if (heartbeat >= 0) {
            vertx.cancelTimer(heartbeat);
        }
        clients.forEach(c -> {
            if (!c.closed()) {
                c.end();
            }
        });
        clients.clear();
    }
}
