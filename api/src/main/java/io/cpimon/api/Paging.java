package io.cpimon.api;

import io.cpimon.db.Keyset;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The one keyset-pagination and time-filter style of list endpoints: newest first; {@code limit} 1–1000;
 * {@code since} and {@code until} RFC 3339 instants ({@code [since, until)}); {@code before} the {@code X-Next-Cursor}
 * of the previous page or an RFC 3339 instant. A full page carries the next page's cursor in {@code X-Next-Cursor}
 * and as {@code Link: <…>; rel="next"} with the same filters; a shorter page is the last. The cursor is opaque to
 * clients: base64url of the last item's time and id. Stateless; call on the event loop.
 */
public final class Paging {
    private static final String SEPARATOR = "|";

    /**
     * The paging and time filters of one request.
     * @param since nullable; @param until nullable; @param before nullable: from the newest
     */
    public record Window(Instant since, Instant until, Keyset before, int limit) {}

    private Paging() {}

    /** Reads {@code since}, {@code until}, {@code before} and {@code limit}; each invalid one is a 400 naming it. */
    public static Window window(RoutingContext ctx, int defaultLimit) {
        Instant since = Requests.instant(ctx, "since");
        Instant until = Requests.instant(ctx, "until");
        if (since != null && until != null && !since.isBefore(until)) {
            throw Endpoints.badParameter("since", "since must be before until, got since=" + since + " until="
                    + until);
        }
        return new Window(since, until, before(Requests.text(ctx, "before", 200)), Requests.limit(ctx, defaultLimit));
    }

    /** The cursor of the position just after {@code last} in a newest-first list. */
    public static String cursor(Keyset last) {
        return encode(last.at().toString(), String.valueOf(last.id()));
    }

    /** An opaque cursor (base64url, no padding) of a position's parts; every list's cursors are written here. */
    public static String encode(String... parts) {
        String text = String.join(SEPARATOR, parts);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The {@code count} parts of a cursor written by {@link #encode}; the last part keeps any separator in it.
     * @throws IllegalArgumentException when the text is not base64url
     */
    public static String[] decode(String cursor, int count) {
        return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\" + SEPARATOR, count);
    }

    /** {@code before}: an RFC 3339 instant or a cursor; null when absent; invalid: a 400 naming {@code before}. */
    public static Keyset before(String before) {
        if (before == null) {
            return null;
        }
        try {
            return Keyset.before(Instant.parse(before));
        } catch (DateTimeParseException notAnInstant) {
            try {
                String[] parts = decode(before, 2);
                if (parts.length == 2) {
                    return new Keyset(Instant.parse(parts[0]), Long.parseLong(parts[1]));
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                // falls through to the one answer for every malformed cursor
            }
            throw Endpoints.badParameter("before", "before must be the X-Next-Cursor of a previous page or an"
                    + " RFC 3339 instant like 2026-11-24T10:15:30Z, got '" + before + "'");
        }
    }

    /**
     * Answers 200 with {@code page} as JSON, with the next page's cursor and link when the page is full.
     * @param position an item's place in the list (its time and id)
     */
    public static <T> void respond(RoutingContext ctx, Window window, List<T> page, Function<T, Keyset> position) {
        if (!page.isEmpty() && page.size() == window.limit()) {
            String cursor = cursor(position.apply(page.getLast()));
            ctx.response().putHeader("X-Next-Cursor", cursor)
                    .putHeader("Link", "<" + nextLink(ctx, cursor) + ">; rel=\"next\"");
        }
        Endpoints.json(ctx, 200, Endpoints.toJson(page));
    }

    private static String nextLink(RoutingContext ctx, String cursor) {
        StringJoiner query = new StringJoiner("&");
        MultiMap params = ctx.queryParams();
        for (String name : params.names()) {
            if (!name.equals("before")) {
                params.getAll(name).forEach(v -> query.add(encode(name) + "=" + encode(v)));
            }
        }
        query.add("before=" + cursor);
        return ctx.request().path() + "?" + query;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
