package io.cpimon.api;

import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.MplStore;
import io.cpimon.db.NotificationState;
import io.cpimon.db.NotificationStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API ({@code /api/v1}), health endpoints, the live event stream and the dashboard's static
 * files, on one Vert.x HTTP server. Handlers never block the event loop: store calls go through
 * {@link Blocking}. Errors are {@code application/problem+json}.
 */
public final class ApiServer implements AutoCloseable {
    /** Event-bus address on which the modules announce changes (the body is the kind: probe, ingest, alert, notification). */
    public static final String CHANGES = "cpimon.changes";
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int MAX_LIMIT = 1000;

    /** What the API reads; all blocking. */
    public record Services(TenantViews tenants, MplStore mpls, AlertStore alerts, NotificationStore notifications) {}

    private final Vertx vertx;
    private final Services services;
    private final Map<String, BooleanSupplier> readiness;
    private final Blocking blocking = new Blocking();
    private final EventStream events;
    private HttpServer server;

    /** @param readiness component name → is it up; {@code /readyz} is 200 only when all are */
    public ApiServer(Vertx vertx, Services services, Map<String, BooleanSupplier> readiness) {
        this.vertx = vertx;
        this.services = services;
        this.readiness = new LinkedHashMap<>(readiness);
        this.events = new EventStream(vertx, blocking, services.tenants());
    }

    public Future<HttpServer> start(String host, int port) {
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(true))
                .requestHandler(router())
                .listen()
                .onSuccess(s -> {
                    server = s;
                    events.start();
                    LOG.info("API and dashboard listening on http://{}:{}/", host, s.actualPort());
                });
    }

    public int port() {
        return server.actualPort();
    }

    Router router() {
        Router router = Router.router(vertx);
        router.get("/healthz").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP").encode()));
        router.get("/readyz").handler(this::readyz);

        router.get("/api/v1/tenants").handler(ctx -> respond(ctx, () -> services.tenants().all()));
        router.get("/api/v1/tenants/:id").handler(ctx -> respond(ctx, () -> services.tenants().all().stream()
                .filter(t -> t.id().equals(ctx.pathParam("id"))).findFirst()
                .orElseThrow(() -> Problem.notFound("no tenant '" + ctx.pathParam("id") + "' is configured"))));
        router.get("/api/v1/messages").handler(ctx -> {
            MplStore.MplQuery q = new MplStore.MplQuery(param(ctx, "tenant"), upper(param(ctx, "status")),
                    instant(ctx, "before"), limit(ctx, 100));
            respond(ctx, () -> services.mpls().search(q));
        });
        router.get("/api/v1/alerts").handler(ctx -> {
            AlertState state = enumParam(ctx, "state", AlertState.class);
            String rule = param(ctx, "rule");
            String tenant = param(ctx, "tenant");
            int limit = limit(ctx, 100);
            respond(ctx, () -> services.alerts().list(state, rule, tenant, limit));
        });
        router.get("/api/v1/alerts/:id/history").handler(ctx -> {
            long id = longPath(ctx, "id");
            respond(ctx, () -> {
                services.alerts().get(id).orElseThrow(() -> Problem.notFound("no alert " + id));
                return services.alerts().history(id);
            });
        });
        router.get("/api/v1/notifications").handler(ctx -> {
            NotificationState state = enumParam(ctx, "state", NotificationState.class);
            int limit = limit(ctx, 100);
            respond(ctx, () -> services.notifications().list(state, limit));
        });
        router.get("/api/v1/events").handler(events::handle);
        router.route("/api/*").handler(ctx -> Problem.send(ctx, 404, "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false).setIndexPage("index.html"));
        router.route().failureHandler(this::failure);
        return router;
    }

    private void readyz(RoutingContext ctx) {
        JsonObject components = new JsonObject();
        boolean up = true;
        for (Map.Entry<String, BooleanSupplier> c : readiness.entrySet()) {
            boolean ok;
            try {
                ok = c.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            components.put(c.getKey(), ok ? "UP" : "DOWN");
            up &= ok;
        }
        json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("components", components).encode());
    }

    private <T> void respond(RoutingContext ctx, Callable<T> work) {
        blocking.call(vertx.getOrCreateContext(), work).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, 200, Json.write(ar.result()));
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private void failure(RoutingContext ctx) {
        Throwable e = ctx.failure();
        if (e instanceof Problem p) {
            Problem.send(ctx, p.status, p.getMessage());
        } else if (e != null) {
            LOG.warn("{} {} failed", ctx.request().method(), ctx.request().path(), e);
            Problem.send(ctx, 500, "internal error: " + e.getClass().getSimpleName() + " (see the server log)");
        } else {
            Problem.send(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : 500, "request failed");
        }
    }

    static void json(RoutingContext ctx, int status, String body) {
        HttpServerResponse r = ctx.response();
        r.setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    private static String param(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static String upper(String v) {
        return v == null ? null : v.toUpperCase(Locale.ROOT);
    }

    private static int limit(RoutingContext ctx, int fallback) {
        String v = param(ctx, "limit");
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > MAX_LIMIT) {
                throw Problem.badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw Problem.badRequest("limit must be a number, got '" + v + "'");
        }
    }

    private static Instant instant(RoutingContext ctx, String name) {
        String v = param(ctx, name);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw Problem.badRequest(name + " must be an ISO-8601 instant like 2026-11-24T10:15:30Z, got '" + v + "'");
        }
    }

    private static long longPath(RoutingContext ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw Problem.badRequest(name + " must be a number, got '" + ctx.pathParam(name) + "'");
        }
    }

    private static <E extends Enum<E>> E enumParam(RoutingContext ctx, String name, Class<E> type) {
        String v = param(ctx, name);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", got '" + v + "'");
        }
    }

    @Override
    public void close() {
        events.close();
        if (server != null) {
            server.close().await();
        }
        blocking.close();
    }
}
