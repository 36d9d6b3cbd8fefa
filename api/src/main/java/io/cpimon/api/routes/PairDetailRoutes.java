package io.cpimon.api.routes;

import io.cpimon.alerting.pairs.PairStatusService;
import io.cpimon.alerting.pairs.PairView;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Requests;
import io.cpimon.api.routes.DashboardSeries.Heartbeat;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.config.Durations;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertQuery;
import io.cpimon.db.AlertStore;
import io.cpimon.db.DashboardStore;
import io.cpimon.db.DashboardStore.PairDuplicate;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * The dashboard's pair page: {@code GET /api/v1/pairs/{id}?range=1h|24h|7d|30d} (the pair's status, which tenant served
 * traffic when, its failover and failback events, DR drift and both tenants' heartbeats) and
 * {@code GET /api/v1/duplicates?pair&since&until&limit&before} (business keys COMPLETED by both tenants, newest first,
 * keyset paged like {@code /api/v1/messages}: a full page carries {@code X-Next-Cursor} and a {@code Link rel="next"};
 * {@code from} and {@code to} are older names of {@code since} and {@code until}).
 * The serving tenant follows the pair's {@code failover} alerts, as {@link PairStatusService} decides it. 404 for a
 * pair that is not configured; stateless; handlers never block.
 */
public final class PairDetailRoutes implements ApiRoutes {
    static final List<ChartRange> RANGES = ChartRange.all();
    static final int DEFAULT_DUPLICATES = 50;
    static final int EVENTS = 200;
    private static final Set<String> DUPLICATE_PARAMS = Set.of("pair", "since", "until", "from", "to", "limit",
            "before");
    private static final String SEPARATOR = "|";

    private final Supplier<List<PairConfig>> pairs;
    private final PairStatusService status;
    private final AlertStore alerts;
    private final DashboardStore dashboard;
    private final Clock clock;

    /** @param pairs the configured pairs, read per request (the configuration may be reloaded) */
    public PairDetailRoutes(Supplier<List<PairConfig>> pairs, PairStatusService status, AlertStore alerts,
                            DashboardStore dashboard, Clock clock) {
        this.pairs = pairs;
        this.status = status;
        this.alerts = alerts;
        this.dashboard = dashboard;
        this.clock = clock;
    }

    /**
     * One pair over a range.
     * @param duplicateWindow how far apart the two tenants' messages of one business key may end, e.g. {@code 24h}
     * @param timeline which tenant served traffic, oldest first, from {@code from} until now
     * @param events the pair's {@code failover} and {@code failback} alerts active in the range, oldest first
     */
    public record PairDetail(PairView pair, String businessKey, String duplicateWindow, String range, Instant from,
                             Instant to, int buckets, long bucketSeconds, List<Serving> timeline, List<Event> events,
                             List<Heartbeat> primaryHeartbeat, List<Heartbeat> drHeartbeat) {}

    /** {@code tenant} served traffic in {@code [from, to)}. */
    public record Serving(String tenant, String role, Instant from, Instant to) {}

    /**
     * A failover or failback alert.
     * @param firingAt nullable: null while it only pends; @param endsAt nullable: null while open
     * @param summary nullable
     */
    public record Event(String rule, long alertId, String state, Instant activeAt, Instant firingAt, Instant endsAt,
                        String summary) {}

    /** One duplicate as the API shows it: {@code deltaMs} = DR LogEnd − primary LogEnd. */
    public record DuplicateView(String pair, String businessKey, String iflow, Side primary, Side dr, long deltaMs) {}

    /** One tenant's message of a duplicate. @param link nullable: CPI's AlternateWebLink */
    public record Side(String tenant, String messageGuid, Instant logEnd, String link) {}

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/pairs/:id").handler(ctx -> {
            Requests.onlyParams(ctx, Set.of("range"));
            ChartRange range = ChartRange.param(ctx, ChartRange.DAY, RANGES);
            PairConfig pair = pair(ctx.pathParam("id"), false);
            endpoints.respond(ctx, () -> detail(pair, range));
        });
        router.get("/api/v1/duplicates").handler(ctx -> duplicates(ctx, endpoints));
    }

    private PairConfig pair(String id, boolean asParameter) {
        return pairs.get().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> asParameter
                ? Endpoints.badParameter("pair", "pair must be a configured pair id "
                        + pairs.get().stream().map(PairConfig::id).sorted().toList() + ", got '" + id + "'")
                : Endpoints.notFound("no pair '" + id + "' is configured"));
    }

    private PairDetail detail(PairConfig p, ChartRange range) {
        ChartRange.Window w = range.window(clock.instant());
        Instant now = clock.instant();
        PairView view = status.pairs().stream().filter(v -> v.id().equals(p.id())).findFirst().orElseThrow();
        List<Event> events = new ArrayList<>();
        List<Alert> failovers = new ArrayList<>();
        for (String rule : List.of("failover", "failback")) {
            for (Alert a : alerts.search(new AlertQuery(null, rule, null, p.id(), w.from(), null, EVENTS))) {
                events.add(new Event(a.rule(), a.id(), a.state().name(), a.activeAt(), a.firingAt(), a.endsAt(),
                        a.annotations().get("summary")));
                if (rule.equals("failover")) {
                    failovers.add(a);
                }
            }
        }
        events.sort(Comparator.comparing(Event::activeAt).thenComparing(Event::alertId));
        List<Heartbeat> primary = DashboardSeries.heartbeats(dashboard.probeBuckets(p.primary(), w.from(), w.to(),
                w.buckets())).getOrDefault(p.primary(), List.of());
        List<Heartbeat> dr = DashboardSeries.heartbeats(dashboard.probeBuckets(p.dr(), w.from(), w.to(),
                w.buckets())).getOrDefault(p.dr(), List.of());
        return new PairDetail(view, p.businessKey(), Durations.format(p.duplicateWindow()), range.label(), w.from(),
                w.to(),
                w.buckets(), w.bucketSeconds(), timeline(p, failovers, w.from(), now.isBefore(w.to()) ? now : w.to()),
                events, primary, dr);
    }

    /** The DR tenant serves while a failover alert fires (from firingAt to endsAt); the primary otherwise. */
    static List<Serving> timeline(PairConfig p, List<Alert> failovers, Instant from, Instant to) {
        List<Serving> out = new ArrayList<>();
        Instant cursor = from;
        List<Alert> fired = failovers.stream().filter(a -> a.firingAt() != null)
                .sorted(Comparator.comparing(Alert::firingAt)).toList();
        for (Alert a : fired) {
            Instant start = a.firingAt().isBefore(from) ? from : a.firingAt();
            Instant end = a.endsAt() == null || a.endsAt().isAfter(to) ? to : a.endsAt();
            if (!end.isAfter(cursor) || !start.isBefore(to)) {
                continue;
            }
            if (start.isAfter(cursor)) {
                out.add(new Serving(p.primary(), "primary", cursor, start));
            }
            out.add(new Serving(p.dr(), "dr", start.isBefore(cursor) ? cursor : start, end));
            cursor = end;
        }
        if (cursor.isBefore(to)) {
            out.add(new Serving(p.primary(), "primary", cursor, to));
        }
        return out;
    }

    private void duplicates(RoutingContext ctx, Endpoints endpoints) {
        Requests.onlyParams(ctx, DUPLICATE_PARAMS);
        // every parameter is read before the required pair, so that a bad one is named even without a pair
        Instant now = clock.instant();
        Instant to = instantOrAlias(ctx, "until", "to");
        Instant from = instantOrAlias(ctx, "since", "from");
        int limit = Requests.limit(ctx, DEFAULT_DUPLICATES);
        PairDuplicate after = after(Requests.param(ctx, "before"));
        Instant end = to == null ? now : to;
        Instant start = from == null ? end.minus(Duration.ofHours(24)) : from;
        if (!start.isBefore(end)) {
            String name = ctx.queryParams().contains("from") ? "from" : "since";
            throw Endpoints.badParameter(name, name + " must be before until, got " + name + "=" + start + " until="
                    + end);
        }
        String pairId = Requests.param(ctx, "pair");
        if (pairId == null) {
            throw Endpoints.badParameter("pair", "pair is required: a configured pair id "
                    + pairs.get().stream().map(PairConfig::id).sorted().toList());
        }
        PairConfig p = pair(pairId, true);
        endpoints.call(() -> dashboard.duplicates(p.primary(), p.dr(), start, end, p.duplicateWindow(), after, limit))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        ctx.fail(ar.cause());
                        return;
                    }
                    List<PairDuplicate> page = ar.result();
                    if (page.size() == limit) {
                        String cursor = cursor(page.getLast());
                        ctx.response().putHeader("X-Next-Cursor", cursor)
                                .putHeader("Link", "<" + nextLink(ctx, cursor) + ">; rel=\"next\"");
                    }
                    Endpoints.json(ctx, 200, Endpoints.toJson(page.stream().map(d -> new DuplicateView(p.id(),
                            d.businessKey(), d.iflow(), new Side(p.primary(), d.primaryGuid(), d.primaryEnd(),
                            d.primaryLink()), new Side(p.dr(), d.drGuid(), d.drEnd(), d.drLink()),
                            Duration.between(d.primaryEnd(), d.drEnd()).toMillis())).toList()));
                });
    }

    /**
     * The list style's time filter {@code name}, or its older name {@code alias} (the one not given); both at once is a
     * 400 naming the alias. Null when neither is given.
     */
    private static Instant instantOrAlias(RoutingContext ctx, String name, String alias) {
        Instant value = Requests.instant(ctx, name);
        Instant older = Requests.instant(ctx, alias);
        if (value != null && older != null) {
            throw Endpoints.badParameter(alias, alias + " is the older name of " + name + ": give one of them");
        }
        return value != null ? value : older;
    }

    /** The cursor of a duplicate: primary LogEnd, primary GUID and DR GUID, base64url. */
    static String cursor(PairDuplicate d) {
        String text = d.primaryEnd() + SEPARATOR + d.primaryGuid() + SEPARATOR + d.drGuid();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static PairDuplicate after(String before) {
        if (before == null) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(before), StandardCharsets.UTF_8)
                    .split("\\" + SEPARATOR, 3);
            if (parts.length == 3 && !parts[1].isEmpty() && !parts[2].isEmpty()) {
                return new PairDuplicate(null, null, parts[1], Instant.parse(parts[0]), null, parts[2], null, null);
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // falls through to the one answer for every malformed cursor
        }
        throw Endpoints.badParameter("before", "before must be the X-Next-Cursor of a previous page, got '"
                + before + "'");
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
