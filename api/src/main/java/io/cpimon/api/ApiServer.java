package io.cpimon.api;

import io.cpimon.core.Lifecycle;
import io.cpimon.db.AuditStore;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP component: one Vert.x server whose router is authentication in front, then the resources' routes
 * ({@link ApiRoutes}), then the dashboard's static files. It owns the router's assembly, the virtual threads the
 * handlers' blocking work runs on ({@link Blocking}) and the problem+json failure handler; what each endpoint does is
 * in its resource. {@link #start()} blocks until the server listens; thread-safe after that.
 */
public final class ApiServer implements Lifecycle {
    /** Event-bus address on which the modules announce changes; the body is the kind (probe, ingest, alert, …). */
    public static final String CHANGES = "cpimon.changes";
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int BODY_LIMIT = 1 << 20;
    /** Where WebJars keep their files on the class path. */
    private static final String WEBJARS = "META-INF/resources/webjars";
    private static final long WEBJAR_MAX_AGE = 86_400;
    private static final Pattern PATH_PARAMETER = Pattern.compile(":([A-Za-z0-9_]+)");

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final ApiAuth auth;
    private final List<ApiRoutes> resources;
    private final KeyCertOptions tls;
    private final Blocking blocking = new Blocking();
    private final Endpoints endpoints;
    private volatile HttpServer server;
    private volatile Router router;
    private final AuditTrail audit;

    /**
     * @param port 0 for any free port (see {@link #port()})
     * @param auth who may call what; open when no tokens are configured
     * @param resources the resources' routes, mounted in this order before the catch-all 404
     */
    public ApiServer(Vertx vertx, String host, int port, ApiAuth auth, List<ApiRoutes> resources) {
        this(vertx, host, port, auth, resources, null, Clock.systemUTC(), null);
    }

    /** Over plain HTTP, recording state changes in {@code audit} (nullable) at {@code clock}'s time. */
    public ApiServer(Vertx vertx, String host, int port, ApiAuth auth, List<ApiRoutes> resources, AuditStore audit,
                     Clock clock) {
        this(vertx, host, port, auth, resources, audit, clock, null);
    }

    /** Without an audit log, serving HTTPS with {@code tls} (nullable: plain HTTP). */
    public ApiServer(Vertx vertx, String host, int port, ApiAuth auth, List<ApiRoutes> resources,
                     KeyCertOptions tls) {
        this(vertx, host, port, auth, resources, null, Clock.systemUTC(), tls);
    }

    /**
     * @param audit nullable: where state changes made through the API are recorded ({@link AuditTrail}); none when
     *              null
     * @param clock the audit entries' time
     * @param tls nullable: serves HTTPS with this PEM pair or PKCS#12 file; the session cookie is then {@code Secure}
     */
    public ApiServer(Vertx vertx, String host, int port, ApiAuth auth, List<ApiRoutes> resources, AuditStore audit,
                     Clock clock, KeyCertOptions tls) {
        this.tls = tls;
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.auth = auth;
        this.resources = List.copyOf(resources);
        this.endpoints = new Endpoints(vertx, blocking);
        this.audit = audit == null ? null : new AuditTrail(audit, clock, blocking, auth);
    }

    @Override
    public String name() {
        return "api";
    }

    /** Mounts the routes and listens; returns when the server accepts connections. */
    @Override
    public void start() {
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(true);
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(tls);
        }
        HttpServer s = vertx.createHttpServer(options)
                .invalidRequestHandler(ApiServer::invalidRequest)
                .requestHandler(router = router())
                .listen()
                .await();
        server = s;
        LOG.info("API and dashboard listening on {}://{}:{}/", tls == null ? "http" : "https", host, s.actualPort());
    }

    @Override
    public Check check() {
        HttpServer s = server;
        return s == null ? Check.down("not listening") : new Check(true, "port " + s.actualPort());
    }

    /** Every route of the router, handlers and middleware included, in order; only after {@link #start()}. */
    public List<Route> routerRoutes() {
        return router.getRoutes();
    }

    /** The port the server listens on; only after {@link #start()}. */
    public int port() {
        return server.actualPort();
    }

    /**
     * Every endpoint the router serves, as {@code METHOD /path} with path parameters in braces
     * ({@code POST /api/v1/alerts/{id}/ack}), sorted; the handlers in front (authentication, bodies) and the
     * catch-alls are not endpoints. Only after {@link #start()}.
     */
    public SortedSet<String> routes() {
        SortedSet<String> out = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            Set<HttpMethod> methods = route.methods();
            String path = route.getPath();
            if (methods == null || methods.isEmpty() || path == null || path.contains("*")) {
                continue;
            }
            String template = PATH_PARAMETER.matcher(path).replaceAll("{$1}");
            methods.forEach(m -> out.add(m.name() + " " + template));
        }
        return out;
    }

    private Router router() {
        Router router = Router.router(vertx);
        this.router = router;
        router.route().handler(SecurityHeaders::handle);
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
        if (audit != null) {
            router.route("/api/v1/*").handler(audit::handle);
        }
        router.post("/api/v1/session").handler(auth::login);
        router.get("/api/v1/session").handler(auth::current);
        router.delete("/api/v1/session").handler(auth::logout);
        router.route("/api/v1/*").handler(auth::handle);
        router.get("/metrics").handler(auth::handle);
        resources.forEach(r -> r.mount(router, endpoints));
        router.route("/api/*").handler(ctx -> notFoundOrWrongMethod(router, ctx));
        // libraries of the dashboard (uPlot, …): versioned paths, so browsers may keep them
        router.route("/webjars/*").handler(StaticHandler.create(WEBJARS).setMaxAgeSeconds(WEBJAR_MAX_AGE));
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false).setIndexPage("index.html"));
        router.get().handler(ApiServer::dashboardPage);
        router.route().handler(ctx -> notFoundOrWrongMethod(router, ctx));
        router.route().failureHandler(ApiServer::failure);
        if (audit != null) {
            audit.endpoints(routes());
        }
        return router;
    }


    /**
     * A dashboard URL ({@code /tenants/t1}, {@code /alerts?state=firing}, …): the page's shell, whose router renders
     * the view. Only for a browser asking for HTML and a path that does not name a file; anything else is a 404 problem.
     */
    private static void dashboardPage(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String accept = ctx.request().getHeader("Accept");
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (accept != null && accept.contains("text/html") && !last.contains(".") && !path.startsWith("/webjars/")) {
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
                    .sendFile("webroot/index.html");
        } else {
            ctx.next();
        }
    }

    /** 405 with {@code Allow} when another method serves this path, else 404; both as problem+json. */
    private static void notFoundOrWrongMethod(Router router, RoutingContext ctx) {
        String path = ctx.normalizedPath();
        Set<String> allowed = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            Set<HttpMethod> methods = route.methods();
            if (methods != null && !methods.isEmpty() && route.getPath() != null
                    && template(route.getPath()).matcher(path).matches()) {
                methods.forEach(m -> allowed.add(m.name()));
            }
        }
        if (allowed.isEmpty()) {
            Problem.send(ctx, 404, "no such endpoint: " + ctx.request().method() + " " + ctx.request().path());
            return;
        }
        ctx.response().putHeader("Allow", String.join(", ", allowed));
        Problem.send(ctx, 405, ctx.request().method() + " is not allowed on " + ctx.request().path() + "; allowed: "
                + String.join(", ", allowed));
    }

    /** A route's path ({@code /api/v1/alerts/:id/ack}) as a pattern over request paths. */
    private static Pattern template(String path) {
        StringBuilder regex = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!regex.isEmpty() || !segment.isEmpty()) {
                regex.append('/');
            }
            regex.append(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
        }
        return Pattern.compile(regex.isEmpty() ? "/" : regex.toString());
    }

    private static void failure(RoutingContext ctx) {
        Throwable e = ctx.failure();
        if (e instanceof Problem p) {
            Problem.send(ctx, p.status, p.getMessage(), p.parameter, p.members);
        } else if (e != null) {
            LOG.warn("{} {} failed", ctx.request().method(), ctx.request().path(), e);
            Problem.send(ctx, 500, "internal error (see the server log)");
        } else if (ctx.statusCode() == 413) {
            Problem.send(ctx, 413, "the request body exceeds the limit of " + BODY_LIMIT + " bytes (1 MiB)");
        } else {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            Problem.send(ctx, status, HttpResponseStatus.valueOf(status).reasonPhrase());
        }
    }

    /**
     * A request Netty could not decode (a request line or headers over its limits, a malformed request): answered
     * as problem+json where the default handler answers an empty body or closes the connection.
     */
    private static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String detail;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            detail = "the request line exceeds the limit of " + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH
                    + " bytes";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            detail = "the request headers exceed the limit of " + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE + " bytes";
        } else {
            status = 400;
            detail = "the request is not valid HTTP";
        }
        JsonObject body = new JsonObject().put("type", "about:blank")
                .put("title", HttpResponseStatus.valueOf(status).reasonPhrase()).put("status", status)
                .put("detail", detail);
        SecurityHeaders.set(request.response().headers());
        request.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .putHeader("Connection", "close").end(body.encode());
    }

    /** Stops the resources' streams and timers, then the server, then the blocking threads. Idempotent. */
    @Override
    public void close() {
        resources.forEach(ApiRoutes::close);
        HttpServer s = server;
        server = null;
        if (s != null) {
            s.close().await();
        }
        blocking.close();
    }
}
