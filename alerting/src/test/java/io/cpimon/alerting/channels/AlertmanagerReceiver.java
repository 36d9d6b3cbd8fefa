package io.cpimon.alerting.channels;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal Prometheus Alertmanager API v2 on loopback for tests ({@code POST /api/v2/alerts} answers 200
 * and records the alerts; the simulator has no Alertmanager peer). Switchable to answer a status or to go down.
 */
final class AlertmanagerReceiver implements AutoCloseable {
    private final Vertx vertx;
    private final List<JsonArray> received = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private volatile int failStatus;
    private volatile Duration retryAfter;
    private volatile String requiredAuthorization;
    private HttpServer server;
    private int port;

    AlertmanagerReceiver(Vertx vertx) {
        this.vertx = vertx;
        start(0);
    }

    private void start(int wanted) {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            bodies.add(body.toString());
            int fail = failStatus;
            if (fail != 0) {
                var resp = req.response().setStatusCode(fail);
                if (retryAfter != null) {
                    resp.putHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
                }
                resp.end("{\"code\":" + fail + ",\"message\":\"simulated\"}");
            } else if (requiredAuthorization != null && !requiredAuthorization.equals(req.getHeader("Authorization"))) {
                req.response().setStatusCode(401).end();
            } else if (!req.path().equals("/api/v2/alerts") || req.method() != HttpMethod.POST) {
                req.response().setStatusCode(404).end();
            } else {
                try {
                    received.add(new JsonArray(body.toString()));
                    req.response().setStatusCode(200).end();
                } catch (RuntimeException e) {
                    req.response().setStatusCode(400).end("{\"code\":400,\"message\":\"not an array\"}");
                }
            }
        })).listen(wanted, "127.0.0.1").await();
        port = server.actualPort();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    List<JsonArray> received() {
        return List.copyOf(received);
    }

    List<String> bodies() {
        return List.copyOf(bodies);
    }

    void failWith(int status, Duration retryAfter) {
        this.retryAfter = retryAfter;
        this.failStatus = status;
    }

    void requireAuthorization(String header) {
        this.requiredAuthorization = header;
    }

    synchronized void down() {
        if (server != null) {
            server.close().await();
            server = null;
        }
    }

    synchronized void up() {
        if (server == null) {
            start(port);
        }
    }

    @Override
    public void close() {
        down();
    }
}
