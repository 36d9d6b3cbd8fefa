package io.cpimon.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * RFC 9457 problem details ({@code application/problem+json}) with a clear {@code detail}; a problem caused by one
 * query parameter, path parameter or body member names it in the extension member {@code parameter}.
 */
final class Problem extends RuntimeException {
    final int status;
    /** Nullable: the offending parameter or body member. */
    final String parameter;
    /** Nullable: more members of the problem (e.g. {@code errors}). */
    final JsonObject members;

    Problem(int status, String detail) {
        this(status, detail, null);
    }

    Problem(int status, String detail, String parameter) {
        this(status, detail, parameter, null);
    }

    Problem(int status, String detail, String parameter, JsonObject members) {
        super(detail);
        this.status = status;
        this.parameter = parameter;
        this.members = members;
    }

    static Problem badRequest(String detail) {
        return new Problem(400, detail);
    }

    static Problem notFound(String detail) {
        return new Problem(404, detail);
    }

    static void send(RoutingContext ctx, int status, String detail) {
        send(ctx, status, detail, null);
    }

    /** Answers the problem; {@code parameter} nullable. A response already started is reset instead. */
    static void send(RoutingContext ctx, int status, String detail, String parameter) {
        send(ctx, status, detail, parameter, null);
    }

    /** As {@link #send(RoutingContext, int, String, String)}, with more members ({@code members} nullable). */
    static void send(RoutingContext ctx, int status, String detail, String parameter, JsonObject members) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.put(AuditTrail.PROBLEM, detail);
        JsonObject body = new JsonObject()
                .put("type", "about:blank")
                .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.request().path());
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        if (members != null) {
            members.forEach(m -> body.put(m.getKey(), m.getValue()));
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }
}
