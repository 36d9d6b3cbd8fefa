package io.cpimon.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem details ({@code application/problem+json}) with a clear {@code detail}. */
final class Problem extends RuntimeException {
    final int status;

    Problem(int status, String detail) {
        super(detail);
        this.status = status;
    }

    static Problem badRequest(String detail) {
        return new Problem(400, detail);
    }

    static Problem notFound(String detail) {
        return new Problem(404, detail);
    }

    static void send(RoutingContext ctx, int status, String detail) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        JsonObject body = new JsonObject()
                .put("type", "about:blank")
                .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.request().path());
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }
}
