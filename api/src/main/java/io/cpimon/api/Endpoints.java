package io.cpimon.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * What every endpoint handler needs: run blocking work off the event loop and answer JSON, read and
 * validate parameters, fail with {@code application/problem+json}.
 */
public final class Endpoints {
    static final int MAX_LIMIT = 1000;

    private final Vertx vertx;
    private final Blocking blocking;

    Endpoints(Vertx vertx, Blocking blocking) {
        this.vertx = vertx;
        this.blocking = blocking;
    }

    /** Runs {@code work} on a virtual thread and answers 200 with its result as JSON; a {@link #badRequest} etc. becomes a problem. */
    public <T> void respond(RoutingContext ctx, Callable<T> work) {
        respond(ctx, 200, work);
    }

    public <T> void respond(RoutingContext ctx, int status, Callable<T> work) {
        blocking.call(vertx.getOrCreateContext(), work).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, status, Json.write(ar.result()));
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    /** Runs {@code work} on a virtual thread; the future completes on the caller's context. */
    public <T> io.vertx.core.Future<T> call(Callable<T> work) {
        return blocking.call(vertx.getOrCreateContext(), work);
    }

    /** The request body as a JSON object, or a 400 problem. */
    public static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw badRequest("a JSON object body is required");
            }
            return body;
        } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
            throw badRequest("the body is not a JSON object: " + e.getMessage());
        }
    }

    public static RuntimeException badRequest(String detail) {
        return Problem.badRequest(detail);
    }

    public static RuntimeException notFound(String detail) {
        return Problem.notFound(detail);
    }

    public static RuntimeException problem(int status, String detail) {
        return new Problem(status, detail);
    }

    public static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    /** A query parameter, null when absent or blank. */
    public static String param(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isBlank() ? null : v;
    }

    public static int limit(RoutingContext ctx, int fallback) {
        String v = param(ctx, "limit");
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > MAX_LIMIT) {
                throw badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw badRequest("limit must be a number, got '" + v + "'");
        }
    }

    public static Instant instant(RoutingContext ctx, String name) {
        String v = param(ctx, name);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw badRequest(name + " must be an ISO-8601 instant like 2026-11-24T10:15:30Z, got '" + v + "'");
        }
    }

    public static long longPath(RoutingContext ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw badRequest(name + " must be a number, got '" + ctx.pathParam(name) + "'");
        }
    }

    public static <E extends Enum<E>> E enumParam(RoutingContext ctx, String name, Class<E> type) {
        String v = param(ctx, name);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw badRequest(name + " must be one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", got '" + v + "'");
        }
    }
}
