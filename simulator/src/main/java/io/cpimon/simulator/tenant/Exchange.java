package io.cpimon.simulator.tenant;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/**
 * One request to a simulated tenant and its response: the decoded path, and the body fault (MALFORMED_JSON,
 * TRUNCATED_BODY, WRONG_TYPES, EMPTY_200; null: none) that {@link #sendData} applies to a 200 data response.
 * Used on the tenant server's event loop only.
 */
final class Exchange {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    private final RoutingContext ctx;
    private final String path;
    private final Fault bodyFault;

    Exchange(RoutingContext ctx, String path, Fault bodyFault) {
        this.ctx = ctx;
        this.path = path;
        this.bodyFault = bodyFault;
    }

    RoutingContext routingContext() {
        return ctx;
    }

    HttpServerRequest request() {
        return ctx.request();
    }

    HttpServerResponse response() {
        return ctx.response();
    }

    /** The percent-decoded request path. */
    String path() {
        return path;
    }

    /** Whether the WRONG_TYPES fault applies: MPL entries are then rendered with wrong JSON types. */
    boolean wrongTypes() {
        return bodyFault != null && bodyFault.kind() == Fault.Kind.WRONG_TYPES;
    }

    /** Sends a response no body fault touches (errors, plain text, raw values). */
    void send(int status, String contentType, byte[] body) {
        send(status, contentType, Buffer.buffer(body), null);
    }

    void sendText(int status, String text) {
        send(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a data response: when it is a 200, this request's body fault (if any) corrupts it. */
    void sendData(int status, String contentType, byte[] body) {
        send(status, contentType, Buffer.buffer(body), bodyFault);
    }

    void sendData(int status, String contentType, Buffer body) {
        send(status, contentType, body, bodyFault);
    }

    private void send(int status, String contentType, Buffer body, Fault fault) {
        HttpServerResponse r = ctx.response();
        if (r.ended() || r.closed()) {
            return;
        }
        boolean head = ctx.request().method() == HttpMethod.HEAD;
        if (fault != null && status == 200) {
            switch (fault.kind()) {
                case EMPTY_200 -> {
                    r.setStatusCode(200).putHeader("Content-Type", JSON).putHeader("Content-Length", "0").end();
                    return;
                }
                case MALFORMED_JSON -> {
                    String s = body.toString(StandardCharsets.UTF_8);
                    String broken = s.substring(0, Math.max(1, (int) (s.length() * 0.6)))
                            + "\",}]<html>Proxy Error</html>";
                    body = Buffer.buffer(broken.getBytes(StandardCharsets.UTF_8));
                    contentType = JSON;
                }
                case TRUNCATED_BODY -> {
                    r.setStatusCode(200);
                    if (contentType != null) {
                        r.putHeader("Content-Type", contentType);
                    }
                    r.putHeader("Content-Length", Integer.toString(body.length()));
                    Buffer half = body.slice(0, Math.max(1, body.length() / 2));
                    var connection = ctx.request().connection();
                    r.write(half).onComplete(done -> connection.close());
                    return;
                }
                default -> {
                    // WRONG_TYPES was applied while rendering
                }
            }
        }
        r.setStatusCode(status);
        if (contentType != null) {
            r.putHeader("Content-Type", contentType);
        }
        r.putHeader("Content-Length", Integer.toString(body.length()));
        if (head) {
            r.end();
        } else {
            r.end(body);
        }
    }
}
