package io.cpimon.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one place where handlers read and validate a request: query and path parameters, the JSON body, instants,
 * numbers and enums. Every invalid value becomes a 400 problem whose {@code detail} names the parameter and what it
 * got. Stateless; call it on the event loop before any blocking work.
 */
public final class Requests {
    /** The largest {@code limit} a list endpoint accepts. */
    public static final int MAX_LIMIT = 1000;

    private Requests() {}

    /** A query parameter, null when absent or blank. */
    public static String param(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** A query parameter in upper case (the stores' spelling of statuses), null when absent or blank. */
    public static String upperParam(RoutingContext ctx, String name) {
        String v = param(ctx, name);
        return v == null ? null : v.toUpperCase(Locale.ROOT);
    }

    /** A boolean query flag: true only for {@code true} (any case). */
    public static boolean flag(RoutingContext ctx, String name) {
        return "true".equalsIgnoreCase(param(ctx, name));
    }

    /** {@code limit} between 1 and {@link #MAX_LIMIT}, {@code fallback} when absent. */
    public static int limit(RoutingContext ctx, int fallback) {
        String v = param(ctx, "limit");
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > MAX_LIMIT) {
                throw Endpoints.badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw Endpoints.badRequest("limit must be a number, got '" + v + "'");
        }
    }

    /** An ISO-8601 instant query parameter, null when absent. */
    public static Instant instant(RoutingContext ctx, String name) {
        return parseInstant(name, param(ctx, name));
    }

    /** An ISO-8601 instant member of a JSON body, null when absent. */
    public static Instant instant(JsonObject body, String key) {
        return parseInstant(key, body.getString(key));
    }

    /** A numeric path parameter. */
    public static long longPath(RoutingContext ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw Endpoints.badRequest(name + " must be a number, got '" + ctx.pathParam(name) + "'");
        }
    }

    /** An enum query parameter in any case, dashes for underscores; null when absent. */
    public static <E extends Enum<E>> E enumParam(RoutingContext ctx, String name, Class<E> type) {
        String v = param(ctx, name);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw Endpoints.badRequest(name + " must be one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", got '" + v + "'");
        }
    }

    /** The request body as a JSON object. */
    public static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw Endpoints.badRequest("a JSON object body is required");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw Endpoints.badRequest("the body is not a JSON object: " + e.getMessage());
        }
    }

    /** The request body as text, null when there is none. */
    public static String bodyText(RoutingContext ctx) {
        return ctx.body() == null ? null : ctx.body().asString();
    }

    private static Instant parseInstant(String name, String v) {
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw Endpoints.badRequest(
                    name + " must be an ISO-8601 instant like 2026-11-24T10:15:30Z, got '" + v + "'");
        }
    }
}
