package io.cpimon.api;

import io.cpimon.db.AlertStore;
import io.cpimon.db.MplStore;
import io.cpimon.db.NotificationState;
import io.cpimon.db.NotificationStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** What the API reads; all blocking. */
    public record Services(TenantViews tenants, MplStore mpls, AlertStore alerts, NotificationStore notifications) {}

    private final Vertx vertx;
    private final Services services;
    private final Map<String, BooleanSupplier> readiness;
    private final Blocking blocking = new Blocking();
    private final EventStream events;
    private final Endpoints endpoints;
    private final List<ApiRoutes> extraRoutes;
    private final ApiAuth auth;
    private HttpServer server;

    /**
     * @param readiness component name → is it up; {@code /readyz} is 200 only when all are
     * @param extraRoutes endpoint groups of the modules, mounted before the catch-all 404
     * @param auth who may call what; open when no tokens are configured
     */
    public ApiServer(Vertx vertx, Services services, Map<String, BooleanSupplier> readiness, List<ApiRoutes> extraRoutes, ApiAuth auth) {
        this.vertx = vertx;
        this.auth = auth;
        this.services = services;
        this.readiness = new LinkedHashMap<>(readiness);
        this.events = new EventStream(vertx, blocking, services.tenants());
        this.endpoints = new Endpoints(vertx, blocking);
        this.extraRoutes = List.copyOf(extraRoutes);
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
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(1 << 20));
        router.post("/api/v1/session").handler(auth::login);
        router.get("/api/v1/session").handler(auth::current);
        router.delete("/api/v1/session").handler(auth::logout);
        router.route("/api/v1/*").handler(auth::handle);
        router.get("/healthz").handler(ctx -> Endpoints.json(ctx, 200, new JsonObject().put("status", "UP").encode()));
        router.get("/readyz").handler(this::readyz);
        router.get("/metrics").handler(auth::handle).handler(this::metrics);

        router.get("/api/v1/tenants").handler(ctx -> endpoints.respond(ctx, () -> services.tenants().all()));
        router.get("/api/v1/tenants/:id").handler(ctx -> endpoints.respond(ctx, () -> services.tenants().all().stream()
                .filter(t -> t.id().equals(ctx.pathParam("id"))).findFirst()
                .orElseThrow(() -> Endpoints.notFound("no tenant '" + ctx.pathParam("id") + "' is configured"))));
        router.get("/api/v1/messages").handler(ctx -> {
            MplStore.MplQuery q = new MplStore.MplQuery(Endpoints.param(ctx, "tenant"), upper(Endpoints.param(ctx, "status")),
                    Endpoints.instant(ctx, "before"), Endpoints.limit(ctx, 100));
            endpoints.respond(ctx, () -> services.mpls().search(q));
        });
        // GET /api/v1/alerts (filters, flags, history) is served by AlertRoutes
        router.get("/api/v1/alerts/:id/history").handler(ctx -> {
            long id = Endpoints.longPath(ctx, "id");
            endpoints.respond(ctx, () -> {
                services.alerts().get(id).orElseThrow(() -> Endpoints.notFound("no alert " + id));
                return services.alerts().history(id);
            });
        });
        router.get("/api/v1/notifications").handler(ctx -> {
            NotificationState state = Endpoints.enumParam(ctx, "state", NotificationState.class);
            int limit = Endpoints.limit(ctx, 100);
            endpoints.respond(ctx, () -> services.notifications().list(state, limit));
        });
        router.get("/api/v1/events").handler(events::handle);
        extraRoutes.forEach(r -> r.mount(router, endpoints));
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
        Endpoints.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("components", components).encode());
    }

    private void metrics(RoutingContext ctx) {
        endpoints.call(() -> PrometheusMetrics.render(new PrometheusMetrics.Inputs(services.tenants().all(),
                        services.alerts().openAlerts(), services.notifications().countByChannel()))
                        + ForwarderRoutes.prometheus(extraRoutes))
                .onSuccess(text -> ctx.response().putHeader("Content-Type", PrometheusMetrics.CONTENT_TYPE).end(text))
                .onFailure(ctx::fail);
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

    private static String upper(String v) {
        return v == null ? null : v.toUpperCase(java.util.Locale.ROOT);
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
