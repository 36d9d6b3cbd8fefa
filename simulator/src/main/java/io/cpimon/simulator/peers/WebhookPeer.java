package io.cpimon.simulator.peers;

import io.cpimon.simulator.SimClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A generic webhook receiver (e.g. Prometheus Alertmanager v4 JSON): any POST to any path answers 200
 * {@code {"status":"ok"}} and is recorded; a body that is not a JSON object answers 400. Optionally requires
 * an exact {@code Authorization} header ({@link #requireAuthorization}). Thread-safe.
 */
public final class WebhookPeer extends HttpPeer {

    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private volatile String requiredAuthorization;

    public WebhookPeer(Vertx vertx, SimClock clock, int port) {
        super("webhook", vertx, clock, new HttpServerOptions());
        start(port);
    }

    /** A URL to configure as the webhook target. */
    public String url() {
        return baseUrl() + "/hooks/cpimon";
    }

    /** Valid JSON bodies received (answered 200), in order. */
    public List<JsonObject> received() {
        return List.copyOf(received);
    }

    /** Only accept requests carrying exactly this Authorization header (null: accept all). */
    public void requireAuthorization(String headerValue) {
        this.requiredAuthorization = headerValue;
    }

    @Override
    protected void onClear() {
        received.clear();
        requiredAuthorization = null;
    }

    @Override
    protected PeerResponse respond(PeerRequest req) {
        String required = requiredAuthorization;
        if (required != null && !required.equals(req.header("Authorization"))) {
            return PeerResponse.of(401, "application/json", "{\"error\":\"unauthorized\"}");
        }
        if (!"POST".equals(req.method()) && !"PUT".equals(req.method())) {
            return PeerResponse.of(405, "application/json", "{\"error\":\"method not allowed\"}");
        }
        try {
            received.add(new JsonObject(req.bodyAsString()));
        } catch (DecodeException | ClassCastException e) {
            return PeerResponse.of(400, "application/json", "{\"error\":\"body is not a JSON object\"}");
        }
        return PeerResponse.of(200, "application/json", "{\"status\":\"ok\"}");
    }
}
