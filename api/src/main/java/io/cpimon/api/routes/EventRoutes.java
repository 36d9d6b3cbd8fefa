package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.ApiServer;
import io.cpimon.api.Endpoints;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: Server-Sent Events for the dashboard. A client first gets every tenant tile
 * ({@code event: tenants}, a snapshot), then small typed events, each with an {@code id}, for the changes announced
 * on {@link ApiServer#CHANGES} (see {@link #change}):
 * <ul>
 * <li>{@code tenant}: one tenant's tile, after its probe, ingest, artifacts or alerts changed;</li>
 * <li>{@code messages}: {@code {tenant, windowMinutes, total, failed}}, after new or changed messages were stored;</li>
 * <li>{@code alert}: {@code {tenant}} (tenant nullable), after an alert changed: read the alerts again;</li>
 * <li>{@code notification}: {@code {}}, after the outbox changed: read the notifications again.</li>
 * </ul>
 * Changes arriving within {@value #COALESCE_MS} ms are coalesced, and each tile is computed once for all clients. A
 * client that reconnects with {@code Last-Event-ID} gets the events it missed when they are among the last
 * {@value #HISTORY}, else a fresh snapshot. Keep-alive comments every {@value #HEARTBEAT_MS} ms. Listens from
 * {@link #mount} until {@link #close}; thread-safe (the stream's state is guarded by one lock).
 */
public final class EventRoutes implements ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(EventRoutes.class);
    static final long COALESCE_MS = 250;
    static final long HEARTBEAT_MS = 15_000;
    /** Events kept for clients that resume. */
    static final int HISTORY = 1_000;

    /** One event as sent. */
    record Event(long id, String type, String data) {
        String frame() {
            return "id: " + id + "\nevent: " + type + "\ndata: " + data + "\n\n";
        }
    }

    private final TenantViews views;
    private final Set<HttpServerResponse> clients = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    /** Guarded by {@code lock}: the changes since the last flush. */
    private final Set<String> changedTiles = new LinkedHashSet<>();
    private final Set<String> changedMessages = new LinkedHashSet<>();
    private final Set<String> changedAlerts = new LinkedHashSet<>();
    private boolean alertsChanged;
    private boolean notificationsChanged;
    private boolean scheduled;
    /** Guarded by {@code lock}: clients waiting for their snapshot (they count as listening). */
    private int connecting;
    /** Guarded by {@code lock}: the last event id and the events kept for resuming clients. */
    private long lastId;
    private final Deque<Event> history = new ArrayDeque<>();
    private Vertx vertx;
    private Endpoints endpoints;
    private MessageConsumer<Object> consumer;
    private long heartbeat = -1;

    public EventRoutes(TenantViews views) {
        this.views = views;
    }

    /**
     * The message to publish on {@link ApiServer#CHANGES}.
     * @param kind {@code probe}, {@code ingest}, {@code artifacts}, {@code alert} or {@code notification}
     * @param tenantId nullable
     */
    public static JsonObject change(String kind, String tenantId) {
        return new JsonObject().put("kind", kind).put("tenant", tenantId);
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        this.endpoints = endpoints;
        this.vertx = endpoints.vertx();
        router.get("/api/v1/events").handler(this::handle);
        consumer = vertx.eventBus().consumer(ApiServer.CHANGES, m -> changed(m.body()));
        heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> clients.forEach(c -> c.write(": keep-alive\n\n")));
    }

    private void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write("retry: 2000\n\n");
        response.closeHandler(v -> clients.remove(response));
        Long resumeAfter = lastEventId(ctx.request().getHeader("Last-Event-ID"));
        synchronized (lock) {
            List<Event> missed = resumeAfter == null ? null : missedSince(resumeAfter);
            if (missed != null) {
                missed.forEach(e -> write(response, e.frame()));
                clients.add(response);
                return;
            }
        }
        long snapshotId;
        synchronized (lock) {
            snapshotId = lastId;
            connecting++;
        }
        endpoints.call(views::all).onSuccess(tiles -> {
            String data = Endpoints.toJson(tiles);
            synchronized (lock) {
                // the tiles are at least as new as event snapshotId; what was sent while they were read follows
                write(response, "id: " + snapshotId + "\nevent: tenants\ndata: " + data + "\n\n");
                List<Event> since = missedSince(snapshotId);
                if (since != null) {
                    since.forEach(e -> write(response, e.frame()));
                }
                clients.add(response);
                connecting--;
            }
        }).onFailure(e -> {
            synchronized (lock) {
                connecting--;
            }
            LOG.warn("tenant snapshot for the event stream failed: {}", e.toString());
            response.end();
        });
    }

    /** The events after {@code id}, or null when some of them are no longer kept (or the id was never sent). */
    private List<Event> missedSince(long id) {
        if (id > lastId) {
            return null;
        }
        if (id < lastId && (history.isEmpty() || history.peekFirst().id() > id + 1)) {
            return null;
        }
        return history.stream().filter(e -> e.id() > id).toList();
    }

    private static Long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void changed(Object body) {
        String kind = body instanceof JsonObject j ? j.getString("kind") : String.valueOf(body);
        String tenant = body instanceof JsonObject j ? j.getString("tenant") : null;
        if (kind == null) {
            return;
        }
        synchronized (lock) {
            switch (kind) {
                case "alert" -> {
                    alertsChanged = true;
                    if (tenant != null) {
                        changedAlerts.add(tenant);
                        changedTiles.add(tenant);
                    }
                }
                case "notification" -> notificationsChanged = true;
                case "ingest" -> {
                    if (tenant != null) {
                        changedMessages.add(tenant);
                        changedTiles.add(tenant);
                    }
                }
                default -> {
                    if (tenant != null) {
                        changedTiles.add(tenant);
                    }
                }
            }
            if (clients.isEmpty() && connecting == 0 && !scheduled) {
                // nobody listens, so nothing is computed; a client resuming across this gap gets a snapshot
                lastId++;
                history.clear();
                changedTiles.clear();
                changedMessages.clear();
                changedAlerts.clear();
                alertsChanged = false;
                notificationsChanged = false;
                return;
            }
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        vertx.setTimer(COALESCE_MS, id -> flush());
    }

    private void flush() {
        Set<String> tiles;
        Set<String> messages;
        Set<String> alertTenants;
        boolean alerts;
        boolean notifications;
        synchronized (lock) {
            scheduled = false;
            tiles = Set.copyOf(changedTiles);
            messages = Set.copyOf(changedMessages);
            alertTenants = Set.copyOf(changedAlerts);
            alerts = alertsChanged;
            notifications = notificationsChanged;
            changedTiles.clear();
            changedMessages.clear();
            changedAlerts.clear();
            alertsChanged = false;
            notificationsChanged = false;
        }
        if (tiles.isEmpty() && messages.isEmpty()) {
            emit(List.of(), alerts, alertTenants, notifications);
            return;
        }
        endpoints.call(views::all)
                .onSuccess(all -> {
                    Map<String, TenantView> byId = all.stream()
                            .collect(Collectors.toMap(TenantView::id, Function.identity()));
                    List<Event> events = new ArrayList<>();
                    for (String id : tiles) {
                        TenantView t = byId.get(id);
                        if (t != null) {
                            events.add(new Event(0, "tenant", Endpoints.toJson(t)));
                        }
                    }
                    for (String id : messages) {
                        TenantView t = byId.get(id);
                        if (t != null) {
                            events.add(new Event(0, "messages", new JsonObject().put("tenant", id)
                                    .put("windowMinutes", t.messages().windowMinutes())
                                    .put("total", t.messages().total()).put("failed", t.messages().failed()).encode()));
                        }
                    }
                    emit(events, alerts, alertTenants, notifications);
                })
                .onFailure(e -> {
                    LOG.warn("tenant tiles for the event stream failed: {}", e.toString());
                    emit(List.of(), alerts, alertTenants, notifications);
                });
    }

    /** Numbers, keeps and sends the events of one flush, in order: tiles and counts, alerts, notifications. */
    private void emit(List<Event> tileEvents, boolean alerts, Set<String> alertTenants, boolean notifications) {
        List<Event> events = new ArrayList<>(tileEvents);
        if (alerts) {
            if (alertTenants.isEmpty()) {
                events.add(new Event(0, "alert", new JsonObject().putNull("tenant").encode()));
            }
            alertTenants.forEach(t -> events.add(new Event(0, "alert", new JsonObject().put("tenant", t).encode())));
        }
        if (notifications) {
            events.add(new Event(0, "notification", "{}"));
        }
        synchronized (lock) {
            for (Event e : events) {
                Event numbered = new Event(++lastId, e.type(), e.data());
                history.addLast(numbered);
                if (history.size() > HISTORY) {
                    history.removeFirst();
                }
                String frame = numbered.frame();
                clients.forEach(c -> write(c, frame));
            }
        }
    }

    private static void write(HttpServerResponse response, String frame) {
        if (!response.closed()) {
            response.write(frame);
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
