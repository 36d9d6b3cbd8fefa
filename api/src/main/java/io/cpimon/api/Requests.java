package io.cpimon.api;

import io.cpimon.config.Durations;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one place where handlers read and validate a request: query and path parameters, the JSON body, instants,
 * numbers and enums. Every invalid value becomes a 400 problem whose {@code detail} names the parameter and what it
 * got. Stateless; call it on the event loop before any blocking work.
 */
public final class Requests {
    /** The largest {@code limit} a list endpoint accepts. */
    public static final int MAX_LIMIT = 1000;
    private static final int MAX_DURATION_TEXT = 40;

    private Requests() {}

    /** A query parameter, null when absent or blank; one holding a NUL character is refused. */
    public static String param(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v != null && v.indexOf('\0') >= 0) {
            throw Endpoints.badParameter(name, name + " must not contain a NUL character (%00)");
        }
        return v == null || v.isBlank() ? null : v;
    }

    /** A query parameter in upper case (the stores' spelling of statuses), null when absent or blank. */
    public static String upperParam(RoutingContext ctx, String name) {
        String v = param(ctx, name);
        return v == null ? null : v.toUpperCase(Locale.ROOT);
    }

    /** A boolean query flag: {@code true} or {@code false} (any case), false when absent; anything else is refused. */
    public static boolean flag(RoutingContext ctx, String name) {
        String v = param(ctx, name);
        if (v == null || "false".equalsIgnoreCase(v)) {
            return false;
        }
        if ("true".equalsIgnoreCase(v)) {
            return true;
        }
        throw Endpoints.badParameter(name, name + " must be true or false, got '" + v + "'");
    }

    /** Refuses any query parameter not in {@code known}, so that a misspelt filter is not silently ignored. */
    public static void onlyParams(RoutingContext ctx, Set<String> known) {
        for (String name : ctx.queryParams().names()) {
            if (!known.contains(name)) {
                throw Endpoints.badParameter(name, "unknown query parameter '" + name + "'; this endpoint takes "
                        + new TreeSet<>(known));
            }
        }
    }

    /** A free-text query parameter of at most {@code max} characters, null when absent or blank. */
    public static String text(RoutingContext ctx, String name, int max) {
        String v = param(ctx, name);
        if (v != null && v.length() > max) {
            throw Endpoints.badParameter(name, name + " must be at most " + max + " characters, got " + v.length());
        }
        return v;
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
                throw Endpoints.badParameter("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw Endpoints.badParameter("limit", "limit must be a number, got '" + v + "'");
        }
    }

    /** An ISO-8601 instant query parameter, null when absent. */
    public static Instant instant(RoutingContext ctx, String name) {
        return parseInstant(name, param(ctx, name));
    }

    /** An ISO-8601 instant member of a JSON body, null when absent or null. */
    public static Instant instant(JsonObject body, String key) {
        Object v = body.getValue(key);
        if (v != null && !(v instanceof String)) {
            throw Endpoints.badParameter(key, key + " must be an ISO-8601 instant string like 2026-11-24T10:15:30Z, got "
                    + kind(v));
        }
        return parseInstant(key, (String) v);
    }

    /**
     * An optional string member of a JSON body: null when absent or null; refused when it is not a string or is
     * longer than {@code max} characters.
     */
    public static String optionalString(JsonObject body, String key, int max) {
        Object v = body.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw Endpoints.badParameter(key, key + " must be a string, got " + kind(v));
        }
        if (s.length() > max) {
            throw Endpoints.badParameter(key, key + " must be at most " + max + " characters, got " + s.length());
        }
        if (s.indexOf('\0') >= 0) {
            throw Endpoints.badParameter(key, key + " must not contain a NUL character (\\u0000)");
        }
        return s;
    }

    /** An optional boolean member of a JSON body; refused when it is not a boolean. */
    public static boolean optionalBoolean(JsonObject body, String key, boolean fallback) {
        Object v = body.getValue(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw Endpoints.badParameter(key, key + " must be true or false, got " + kind(v));
        }
        return b;
    }

    /**
     * An optional positive duration member of a JSON body, null when absent: {@code 30m}, {@code 2h}, {@code 1d},
     * {@code 1h30m} or ISO-8601 ({@code PT2H}); refused when it is not a string, not a duration, not positive or
     * longer than {@code max}.
     */
    public static Duration optionalDuration(JsonObject body, String key, Duration max) {
        String v = optionalString(body, key, MAX_DURATION_TEXT);
        if (v == null) {
            return null;
        }
        Duration d;
        try {
            d = v.startsWith("P") || v.startsWith("p") ? Duration.parse(v) : Durations.parse(v);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw Endpoints.badRequest(key + " must be a duration like 30m, 2h, 1d or PT2H, got '" + v + "'");
        }
        if (d.isNegative() || d.isZero()) {
            throw Endpoints.badRequest(key + " must be positive, got '" + v + "'");
        }
        if (d.compareTo(max) > 0) {
            throw Endpoints.badRequest(key + " must be at most " + Durations.format(max) + ", got '" + v + "'");
        }
        return d;
    }

    /**
     * Query parameter {@code name} as a list of values of {@code type} (comma-separated and/or repeated, any case,
     * dashes for underscores); empty when absent.
     */
    public static <E extends Enum<E>> Set<E> enumList(RoutingContext ctx, String name, Class<E> type) {
        Set<E> out = new TreeSet<>();
        for (String raw : ctx.queryParam(name)) {
            for (String v : raw.split(",")) {
                if (v.isBlank()) {
                    continue;
                }
                try {
                    out.add(Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException e) {
                    throw Endpoints.badRequest(name + " must be one or more (comma-separated) of "
                            + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", got '" + v.trim()
                            + "'");
                }
            }
        }
        return out;
    }

    /** What a JSON value is, for a problem's detail (never a Java class name). */
    public static String kind(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof String) {
            return "a string";
        } else if (v instanceof Boolean) {
            return "a boolean";
        } else if (v instanceof Number) {
            return "a number";
        } else if (v instanceof JsonObject) {
            return "an object";
        } else if (v instanceof JsonArray) {
            return "an array";
        }
        return "an unsupported value";
    }

    /** A numeric path parameter. */
    public static long longPath(RoutingContext ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw Endpoints.badParameter(name, name + " must be a number, got '" + ctx.pathParam(name) + "'");
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
            throw Endpoints.badParameter(name, name + " must be one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", got '" + v + "'");
        }
    }

    /** The request body as a JSON object; anything else (none, not JSON, an array, a number) is refused. */
    public static JsonObject body(RoutingContext ctx) {
        JsonObject body = optionalBody(ctx);
        if (body == null) {
            throw Endpoints.badRequest("a JSON object body is required");
        }
        return body;
    }

    /** The request body as a JSON object, null when there is none (or only white space); anything else is refused. */
    public static JsonObject optionalBody(RoutingContext ctx) {
        Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
        if (raw == null || bodyText(ctx).isBlank()) {
            return null;
        }
        Object value;
        try {
            value = raw.toJsonValue();
        } catch (DecodeException e) {
            throw Endpoints.badRequest("the body is not valid JSON; a JSON object is expected");
        }
        if (value instanceof JsonObject o) {
            return o;
        }
        throw Endpoints.badRequest("the body must be a JSON object, got " + kind(value));
    }

    /**
     * The request body as text, null when there is none; one holding a NUL character (raw or as the JSON escape
     * {@code \u0000}), which PostgreSQL cannot store in text or JSON, is refused.
     */
    public static String bodyText(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text != null && (text.indexOf('\0') >= 0 || text.contains("\\u0000"))) {
            throw Endpoints.badRequest("the body must not contain a NUL character (\\u0000)");
        }
        return text;
    }

    private static Instant parseInstant(String name, String v) {
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw Endpoints.badParameter(name,
                    name + " must be an ISO-8601 instant like 2026-11-24T10:15:30Z, got '" + v + "'");
        }
    }
}
