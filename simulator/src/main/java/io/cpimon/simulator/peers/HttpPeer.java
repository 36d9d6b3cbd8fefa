package io.cpimon.simulator.peers;

import io.cpimon.simulator.Blocking;
import io.cpimon.simulator.SimClock;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A channel peer: a real HTTP(S) server on 127.0.0.1 that records every request and can be switched
 * to fail (a status with optional Retry-After, slow answers, connection refused). Subclasses only map
 * a request to a response. Thread-safe; lifecycle calls block and must not run on an event loop.
 */
public abstract class HttpPeer implements AutoCloseable {

    /** What a peer answers. */
    protected record PeerResponse(int status, Map<String, String> headers, byte[] body) {
        static PeerResponse of(int status, String contentType, String body) {
            Map<String, String> h = new LinkedHashMap<>();
            if (contentType != null) {
                h.put("Content-Type", contentType);
            }
            return new PeerResponse(status, h, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        }

        static PeerResponse empty(int status) {
            return new PeerResponse(status, Map.of(), new byte[0]);
        }

        PeerResponse withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new PeerResponse(status, h, body);
        }
    }

    private final String name;
    private final Vertx vertx;
    private final SimClock clock;
    private final HttpServerOptions options;
    private final Object lifecycle = new Object();
    private volatile HttpServer server;
    private volatile int port;
    private volatile boolean down;
    private volatile int failStatus;
    private volatile Duration failRetryAfter;
    private volatile Duration delay = Duration.ZERO;
    private final List<PeerRequest> requests = new CopyOnWriteArrayList<>();

    protected HttpPeer(String name, Vertx vertx, SimClock clock, HttpServerOptions options) {
        this.name = name;
        this.vertx = vertx;
        this.clock = clock;
        this.options = options.setHost("127.0.0.1").setHttp2ClearTextEnabled(false);
    }

    /** Starts listening on {@code port} (0 = ephemeral); blocks. */
    protected void start(int wantedPort) {
        synchronized (lifecycle) {
            server = listen(wantedPort);
            port = server.actualPort();
            down = false;
        }
    }

    private HttpServer listen(int p) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(8 << 20));
        router.route().handler(this::handle);
        return Blocking.await(vertx.createHttpServer(options).requestHandler(router).listen(p, "127.0.0.1"));
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http(s)://127.0.0.1:<port>}. */
    public String baseUrl() {
        return (options.isSsl() ? "https" : "http") + "://127.0.0.1:" + port;
    }

    protected SimClock clock() {
        return clock;
    }

    /** Every request received, in order, with the status answered. */
    public List<PeerRequest> requests() {
        return List.copyOf(requests);
    }

    /** Answer {@code status} to every request until cleared; 0 restores normal answers. */
    public void failWith(int status) {
        failWith(status, null);
    }

    /** Answer {@code status} with {@code Retry-After: <seconds>} (null: no header) until cleared. */
    public void failWith(int status, Duration retryAfter) {
        this.failRetryAfter = retryAfter;
        this.failStatus = status;
    }

    /** Delay every answer by {@code d} (real time); ZERO restores. */
    public void slow(Duration d) {
        this.delay = d == null ? Duration.ZERO : d;
    }

    /** Stop listening: connection refused until {@link #up()}. */
    public void down() {
        synchronized (lifecycle) {
            HttpServer s = server;
            server = null;
            down = true;
            if (s != null) {
                Blocking.await(s.close());
            }
        }
    }

    /** Listen again on the same port. */
    public void up() {
        synchronized (lifecycle) {
            if (server == null) {
                server = listen(port);
                down = false;
            }
        }
    }

    public boolean isDown() {
        return down;
    }

    /** Forgets every recording and restores normal answers (failure, delay). Does not bring a down peer up. */
    public void clear() {
        failStatus = 0;
        failRetryAfter = null;
        delay = Duration.ZERO;
        requests.clear();
        onClear();
    }

    /** Subclasses forget their own recordings. */
    protected abstract void onClear();

    /** Maps one request to the normal answer. Runs on an event loop: must not block. */
    protected abstract PeerResponse respond(PeerRequest request);

    /** The body of an injected failure; subclasses shape it like the real service. */
    protected PeerResponse failure(int status) {
        return PeerResponse.of(status, "application/json", "{\"error\":{\"code\":\"" + status + "\",\"message\":\"Simulated failure\"}}");
    }

    private void handle(RoutingContext ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.request().headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        PeerRequest req = new PeerRequest(clock.instant(), ctx.request().method().name(), ctx.request().path(),
                ctx.request().query(), headers, body, 0);
        Duration d = delay;
        Runnable answer = () -> {
            PeerResponse resp;
            int fail = failStatus;
            if (fail != 0) {
                resp = failure(fail);
                Duration ra = failRetryAfter;
                if (ra != null) {
                    resp = resp.withHeader("Retry-After", Long.toString(ra.toSeconds()));
                }
            } else {
                try {
                    resp = respond(req);
                } catch (RuntimeException e) {
                    resp = PeerResponse.of(500, "text/plain", "peer error: " + e);
                }
            }
            requests.add(req.withStatus(resp.status()));
            HttpServerResponse r = ctx.response();
            if (r.ended() || r.closed()) {
                return;
            }
            r.setStatusCode(resp.status());
            resp.headers().forEach(r::putHeader);
            r.end(Buffer.buffer(resp.body()));
        };
        if (!d.isZero()) {
            vertx.setTimer(d.toMillis(), id -> answer.run());
        } else {
            answer.run();
        }
    }

    @Override
    public void close() {
        down();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + baseUrl() + (down ? " DOWN" : "") + "]";
    }
}
