package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Requests;
import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import io.cpimon.db.MplStore.MplQuery;
import io.cpimon.db.MplStore.Position;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/messages}: stored MPLs across tenants, newest first (LogEnd descending, messages without a
 * LogEnd last). Filters {@code tenant} (a configured id), {@code status} (a CPI status, any case), {@code iflow}
 * (name or artifact id), {@code q} (free text), {@code messageGuid}, {@code since} and {@code until} (ISO instants,
 * on LogEnd, LogStart for a message without one), {@code limit}; {@code before} is the cursor of the previous page
 * (or an ISO instant: start with the messages that ended before it). A full page carries the next page's cursor in
 * {@code X-Next-Cursor} and as a {@code Link rel="next"}. An unknown parameter or value is a 400 naming it.
 * Stateless; handlers never block.
 */
public final class MessageRoutes implements ApiRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_TEXT = 200;
    private static final Set<String> PARAMETERS =
            Set.of("tenant", "status", "iflow", "q", "messageGuid", "since", "until", "limit", "before");
    private static final String SEPARATOR = "|";

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
        router.get("/api/v1/messages").handler(ctx -> {
            MplQuery q = query(ctx);
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
    }

    private MplQuery query(RoutingContext ctx) {
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
                Requests.limit(ctx, DEFAULT_LIMIT));
    }

    /** The opaque cursor of a position: LogEnd (empty when none), tenant and messageGuid, base64url. */
    static String cursor(Position p) {
        String text = (p.logEnd() == null ? "" : p.logEnd().toString()) + SEPARATOR + p.tenantId() + SEPARATOR
                + p.messageGuid();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
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
                String[] parts = new String(Base64.getUrlDecoder().decode(before), StandardCharsets.UTF_8)
                        .split("\\" + SEPARATOR, 3);
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
