package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Paging;
import io.cpimon.api.Requests;
import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import io.cpimon.db.MplStore.MplKeys;
import io.cpimon.db.MplStore.MplQuery;
import io.cpimon.db.MplStore.Position;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Stored MPLs across tenants:
 * <ul>
 * <li>{@code GET /api/v1/messages}: newest first (LogEnd descending, messages without a LogEnd last). Filters
 * {@code tenant} (a configured id), {@code status} (a CPI status, any case), {@code iflow} (name or artifact id),
 * {@code package} (id or name), {@code sender}, {@code receiver}, {@code correlationId},
 * {@code applicationMessageId}, {@code header} ({@code name=value} of a custom header property), {@code errorText}
 * (words of the error text), {@code q} (free text), {@code messageGuid}, {@code since} and {@code until} (ISO
 * instants, on LogEnd, LogStart for a message without one), {@code limit}; {@code before} is the cursor of the
 * previous page (or an ISO instant: start with the messages that ended before it). A full page carries the next
 * page's cursor in {@code X-Next-Cursor} and as a {@code Link rel="next"}. With {@code Accept: text/csv} it answers
 * as {@code /messages.csv}.</li>
 * <li>{@code GET /api/v1/messages.csv}: the same search as RFC 4180 CSV, streamed page by page, at most
 * {@code limit} rows (1–{@value #MAX_CSV_ROWS}, default {@value #DEFAULT_CSV_ROWS}).</li>
 * <li>{@code GET /api/v1/messages/{tenant}/{messageGuid}}: one message with every field, its custom headers and
 * its error text; 404 when not stored.</li>
 * </ul>
 * An unknown parameter or value is a 400 naming it. Stateless; handlers never block.
 */
public final class MessageRoutes implements ApiRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_TEXT = 200;
    /** The most rows one CSV export streams. */
    static final int MAX_CSV_ROWS = 100_000;
    static final int DEFAULT_CSV_ROWS = 10_000;
    private static final int CSV_PAGE = 500;
    private static final Set<String> PARAMETERS = Set.of("tenant", "status", "iflow", "q", "messageGuid", "since",
            "until", "limit", "before", "package", "sender", "receiver", "correlationId", "applicationMessageId",
            "header", "errorText");
    private static final String CSV_TYPE = "text/csv";

    private final MplStore mpls;
    private final Supplier<Set<String>> tenants;

    /** @param tenants the configured tenant ids: any other {@code tenant} is refused */
    public MessageRoutes(MplStore mpls, Set<String> tenants) {
        this(mpls, () -> tenants);
    }

    /** @param tenants the tenant ids in force, asked at every request (a reload swaps them) */
    public MessageRoutes(MplStore mpls, Supplier<Set<String>> tenants) {
        this.mpls = mpls;
        this.tenants = tenants;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/messages.csv").handler(ctx -> csv(ctx, endpoints));
        router.get("/api/v1/messages").handler(ctx -> {
            String accept = ctx.request().getHeader("Accept");
            if (accept != null && accept.contains(CSV_TYPE) && !accept.contains("application/json")) {
                csv(ctx, endpoints);
                return;
            }
            MplQuery q = query(ctx, Requests.limit(ctx, DEFAULT_LIMIT));
            endpoints.call(() -> mpls.search(q)).onComplete(ar -> {
                if (ar.failed()) {
                    ctx.fail(ar.cause());
                    return;
                }
                List<MplRecord> page = ar.result();
                if (page.size() == q.limit()) {
                    String cursor = cursor(Position.of(page.getLast()));
                    ctx.response().putHeader("X-Next-Cursor", cursor)
                            .putHeader("Link", "<" + nextLink(ctx, cursor) + ">; rel=\"next\"");
                }
                Endpoints.json(ctx, 200, Endpoints.toJson(page));
            });
        });
        router.get("/api/v1/messages/:tenant/:guid").handler(ctx -> {
            Requests.onlyParams(ctx, Set.of());
            String tenant = ctx.pathParam("tenant");
            String guid = ctx.pathParam("guid");
            if (guid.indexOf('\u0000') >= 0 || guid.length() > MAX_TEXT) {
                throw Endpoints.badParameter("guid", "guid must be a messageGuid (at most " + MAX_TEXT
                        + " characters, no NUL character)");
            }
            if (!tenants.get().contains(tenant)) {
                throw Endpoints.notFound("no tenant '" + tenant + "' is configured");
            }
            endpoints.respond(ctx, () -> mpls.get(tenant, guid).orElseThrow(
                    () -> Endpoints.notFound("no message " + guid + " of tenant " + tenant + " is stored")));
        });
    }

    /** Streams the search as CSV, one keyset page at a time, each page read only after the last was written. */
    private void csv(RoutingContext ctx, Endpoints endpoints) {
        int rows = csvLimit(ctx);
        MplQuery first = query(ctx, Math.min(CSV_PAGE, rows));
        HttpServerResponse response = ctx.response().setChunked(true).putHeader("Content-Type", CSV_TYPE
                + "; charset=utf-8").putHeader("Content-Disposition", "attachment; filename=\"messages.csv\"");
        response.write(MessageCsv.header());
        csvPage(ctx, endpoints, first, rows);
    }

    private void csvPage(RoutingContext ctx, Endpoints endpoints, MplQuery q, int left) {
        endpoints.call(() -> mpls.search(q)).onComplete(ar -> {
            HttpServerResponse response = ctx.response();
            if (ar.failed()) {
                // the status line has gone out: all a client can be told is that the stream broke off
                response.reset();
                return;
            }
            List<MplRecord> page = ar.result();
            response.write(MessageCsv.rows(page));
            int remaining = left - page.size();
            if (page.size() < q.limit() || remaining <= 0 || response.closed()) {
                response.end();
                return;
            }
            MplQuery next = new MplQuery(q.tenantId(), q.status(), q.iflow(), q.text(), q.messageGuid(), q.since(),
                    q.until(), Position.of(page.getLast()), Math.min(CSV_PAGE, remaining), q.keys());
            if (response.writeQueueFull()) {
                response.drainHandler(v -> csvPage(ctx, endpoints, next, remaining));
            } else {
                csvPage(ctx, endpoints, next, remaining);
            }
        });
    }

    private static int csvLimit(RoutingContext ctx) {
        String v = Requests.param(ctx, "limit");
        if (v == null) {
            return DEFAULT_CSV_ROWS;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_CSV_ROWS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the one answer for every invalid limit
        }
        throw Endpoints.badParameter("limit", "limit of a CSV export must be a number between 1 and " + MAX_CSV_ROWS
                + ", got '" + v + "'");
    }

    private MplQuery query(RoutingContext ctx, int limit) {
        Requests.onlyParams(ctx, PARAMETERS);
        String tenant = Requests.param(ctx, "tenant");
        Set<String> configured = tenants.get();
        if (tenant != null && !configured.contains(tenant)) {
            throw Endpoints.badParameter("tenant", "tenant must be a configured tenant id "
                    + configured.stream().sorted().toList()
                    + ", got '" + tenant + "'");
        }
        String status = Requests.upperParam(ctx, "status");
        if (status != null && !MplRecord.STATUSES.contains(status)) {
            throw Endpoints.badParameter("status", "status must be one of " + MplRecord.STATUSES + ", got '"
                    + Requests.param(ctx, "status") + "'");
        }
        Instant since = Requests.instant(ctx, "since");
        Instant until = Requests.instant(ctx, "until");
        if (since != null && until != null && !since.isBefore(until)) {
            throw Endpoints.badParameter("since", "since must be before until, got since=" + since + " until=" + until);
        }
        return new MplQuery(tenant, status, Requests.text(ctx, "iflow", MAX_TEXT), Requests.text(ctx, "q", MAX_TEXT),
                Requests.text(ctx, "messageGuid", MAX_TEXT), since, until, position(Requests.param(ctx, "before")),
                limit, keys(ctx));
    }

    private static MplKeys keys(RoutingContext ctx) {
        String header = Requests.text(ctx, "header", MAX_TEXT);
        String headerName = null;
        String headerValue = null;
        if (header != null) {
            int eq = header.indexOf('=');
            if (eq <= 0 || eq == header.length() - 1) {
                throw Endpoints.badParameter("header", "header must be name=value (a custom header property), got '" + header
                        + "'");
            }
            headerName = header.substring(0, eq).trim();
            headerValue = header.substring(eq + 1).trim();
        }
        String words = Requests.text(ctx, "errorText", MAX_TEXT);
        if (words != null && words.chars().noneMatch(Character::isLetterOrDigit)) {
            throw Endpoints.badParameter("errorText", "errorText must contain a word (letters or digits), got '" + words + "'");
        }
        return new MplKeys(Requests.text(ctx, "package", MAX_TEXT), Requests.text(ctx, "sender", MAX_TEXT),
                Requests.text(ctx, "receiver", MAX_TEXT), Requests.text(ctx, "correlationId", MAX_TEXT),
                Requests.text(ctx, "applicationMessageId", MAX_TEXT), headerName, headerValue, words);
    }

    /** The opaque cursor of a position: LogEnd (empty when none), tenant and messageGuid, base64url. */
    static String cursor(Position p) {
        return Paging.encode(p.logEnd() == null ? "" : p.logEnd().toString(), p.tenantId(), p.messageGuid());
    }

    /** {@code before}: an ISO instant or a cursor; null when absent. */
    static Position position(String before) {
        if (before == null) {
            return null;
        }
        try {
            return Position.before(Instant.parse(before));
        } catch (DateTimeParseException notAnInstant) {
            try {
                String[] parts = Paging.decode(before, 3);
                if (parts.length == 3 && !parts[1].isEmpty() && !parts[2].isEmpty()) {
                    return new Position(parts[0].isEmpty() ? null : Instant.parse(parts[0]), parts[1], parts[2]);
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                // falls through to the one answer for every malformed cursor
            }
            throw Endpoints.badParameter("before", "before must be the X-Next-Cursor of a previous page or an ISO-8601 instant,"
                    + " got '" + before + "'");
        }
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
