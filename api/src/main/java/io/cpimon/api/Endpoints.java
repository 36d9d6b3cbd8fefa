package io.cpimon.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * What every handler needs after {@link Requests} has read the request: run the blocking service call off the event
 * loop and render its result as JSON, or fail with {@code application/problem+json}. One instance per
 * {@link ApiServer}; thread-safe. A {@link #badRequest}, {@link #notFound} or {@link #problem} thrown by a handler or
 * by the blocking work becomes that problem; any other failure a 500 problem.
 */
public final class Endpoints {
    private final Vertx vertx;
    private final Blocking blocking;

    Endpoints(Vertx vertx, Blocking blocking) {
        this.vertx = vertx;
        this.blocking = blocking;
    }

    /** The Vert.x instance the API runs on (event bus, timers). */
    public Vertx vertx() {
        return vertx;
    }

    /** Runs {@code work} on a virtual thread and answers 200 with its result as JSON. */
    public <T> void respond(RoutingContext ctx, Callable<T> work) {
        respond(ctx, 200, work);
    }

    /** Runs {@code work} on a virtual thread and answers {@code status} with its result as JSON. */
    public <T> void respond(RoutingContext ctx, int status, Callable<T> work) {
        blocking.call(vertx.getOrCreateContext(), work).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, status, toJson(ar.result()));
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    /** Runs {@code work} on a virtual thread; the future completes on the caller's context, failed when it threw. */
    public <T> Future<T> call(Callable<T> work) {
        return blocking.call(vertx.getOrCreateContext(), work);
    }

    /** Answers {@code status} with a JSON body already rendered. */
    public static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    /** A value as the API's JSON text (ISO-8601 times, records as objects, Vert.x JSON as it is). */
    public static String toJson(Object value) {
        return switch (value) {
            case JsonObject o -> o.encode();
            case JsonArray a -> a.encode();
            case null, default -> Json.write(value);
        };
    }

    public static RuntimeException badRequest(String detail) {
        return Problem.badRequest(detail);
    }

    /** A 400 caused by one query parameter, path parameter or body member, named in the problem's {@code parameter}. */
    public static RuntimeException badParameter(String parameter, String detail) {
        return new Problem(400, detail, parameter);
    }

    public static RuntimeException notFound(String detail) {
        return Problem.notFound(detail);
    }

    public static RuntimeException problem(int status, String detail) {
        return new Problem(status, detail);
    }

    /** A problem with more members than type, title, status, detail and instance (e.g. a list of {@code errors}). */
    public static RuntimeException problem(int status, String detail, JsonObject members) {
        return new Problem(status, detail, null, members);
    }
}
