package io.cpimon.api.routes;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Paging;
import io.cpimon.api.Requests;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.config.LabelMatcher;
import io.cpimon.db.Keyset;
import io.cpimon.db.MaintenanceStore;
import io.cpimon.db.MaintenanceWindow;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Maintenance windows of a tenant or a pair (silences that start when the work starts):
 * <ul>
 * <li>{@code GET /api/v1/maintenance} (scheduled and running ones; {@code ?all=true} every window, newest start
 *     first, paged and filtered like every list: {@code since}, {@code until} (on the start), {@code before},
 *     {@code limit})</li>
 * <li>{@code POST /api/v1/maintenance} {@code {"tenant" or "pair", "startsAt"?, "endsAt" or "duration",
 * "comment"?}} (operator) → 201 with the window. A tenant's window mutes the alerts labelled with the tenant; a pair's
 * also those labelled with the pair (failover, failback, drift, duplicates) and with either of its tenants.</li>
 * <li>{@code POST /api/v1/maintenance/{id}/extend} {@code {"endsAt"}} or {@code {"duration"}} (added to the end)</li>
 * <li>{@code DELETE /api/v1/maintenance/{id}} ends it now (a window that has not started is removed); 409 when it
 * has ended</li>
 * </ul>
 * A tenant or pair that is not configured is a 400 naming it. Stateless; handlers never block.
 */
public final class MaintenanceRoutes implements ApiRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final Pattern META = Pattern.compile("[.\\[\\]{}()\\\\*+?^$|]");
    private static final int MAX_ID = 200;
    private static final int MAX_COMMENT = 4000;
    /** The longest window: a migration weekend, a quarter's freeze; longer is not maintenance. */
    static final Duration MAX_WINDOW = Duration.ofDays(90);

    private final MaintenanceStore windows;
    private final Supplier<CpimonConfig> config;
    private final Clock clock;

    public MaintenanceRoutes(MaintenanceStore windows, Supplier<CpimonConfig> config, Clock clock) {
        this.windows = windows;
        this.config = config;
        this.clock = clock;
    }

    /**
     * A window as the API shows it.
     * @param kind {@code tenant} or {@code pair}; @param comment nullable
     * @param tenants the tenants it covers (the tenant, or the pair's two)
     * @param state {@code scheduled}, {@code active} or {@code ended} at the time of the call
     */
    public record WindowView(long id, String kind, String target, List<String> tenants, Instant startsAt,
                             Instant endsAt, String createdBy, String comment, Instant createdAt, String state,
                             List<Long> silenceIds) {}

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/maintenance").handler(ctx -> {
            Requests.onlyParams(ctx, Set.of("all", "limit", "since", "until", "before"));
            boolean all = Requests.flag(ctx, "all");
            Paging.Window page = Paging.window(ctx, DEFAULT_LIMIT);
            if (!all) {
                endpoints.respond(ctx, () -> {
                    Instant now = clock.instant();
                    return windows.current(now).stream().map(w -> view(w, now)).toList();
                });
                return;
            }
            endpoints.call(() -> {
                Instant now = clock.instant();
                return windows.list(page.since(), page.until(), page.before(), page.limit()).stream()
                        .map(w -> view(w, now)).toList();
            }).onSuccess(list -> Paging.respond(ctx, page, list, v -> new Keyset(v.startsAt(), v.id())))
                    .onFailure(ctx::fail);
        });
        router.post("/api/v1/maintenance").handler(ctx -> {
            JsonObject body = Requests.body(ctx);
            String tenant = Requests.optionalString(body, "tenant", MAX_ID);
            String pair = Requests.optionalString(body, "pair", MAX_ID);
            if ((tenant == null) == (pair == null)) {
                throw Endpoints.badRequest("a window is for one 'tenant' or one 'pair' (a configured id)");
            }
            List<List<LabelMatcher>> matchers = tenant != null ? tenantMatchers(tenant) : pairMatchers(pair);
            Instant startsAt = Requests.instant(body, "startsAt");
            Instant endsAt = Requests.instant(body, "endsAt");
            Duration duration = Requests.optionalDuration(body, "duration", MAX_WINDOW);
            if ((endsAt == null) == (duration == null)) {
                throw Endpoints.badRequest("a window needs 'endsAt' (an ISO-8601 instant) or 'duration' (like 2h),"
                        + " one of them");
            }
            String comment = Requests.optionalString(body, "comment", MAX_COMMENT);
            String by = ApiAuth.principal(ctx).name();
            endpoints.respond(ctx, 201, () -> {
                Instant now = clock.instant();
                Instant start = startsAt == null ? now : startsAt;
                Instant end = endsAt != null ? endsAt : start.plus(duration);
                if (!end.isAfter(start)) {
                    throw Endpoints.badRequest("endsAt must be after startsAt");
                }
                if (!end.isAfter(now)) {
                    throw Endpoints.badRequest("endsAt must be in the future");
                }
                if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
                    throw Endpoints.badRequest("a window lasts at most 90d");
                }
                String kind = tenant != null ? "tenant" : "pair";
                String why = comment == null || comment.isBlank() ? "maintenance of " + kind + " "
                        + (tenant != null ? tenant : pair) : comment;
                return view(windows.create(kind, tenant != null ? tenant : pair, matchers, start, end, by, why), now);
            });
        });
        router.post("/api/v1/maintenance/:id/extend").handler(ctx -> {
            long id = Requests.longPath(ctx, "id");
            JsonObject body = Requests.body(ctx);
            Instant endsAt = Requests.instant(body, "endsAt");
            Duration duration = Requests.optionalDuration(body, "duration", MAX_WINDOW);
            if ((endsAt == null) == (duration == null)) {
                throw Endpoints.badRequest("an extension needs 'endsAt' (the new end) or 'duration' (added to the"
                        + " end), one of them");
            }
            endpoints.respond(ctx, () -> extend(id, endsAt, duration));
        });
        router.delete("/api/v1/maintenance/:id").handler(ctx -> {
            long id = Requests.longPath(ctx, "id");
            endpoints.respond(ctx, () -> {
                windows.get(id).orElseThrow(() -> Endpoints.notFound("no maintenance window " + id));
                if (!windows.end(id, clock.instant())) {
                    throw Endpoints.problem(409, "maintenance window " + id + " has already ended");
                }
                return Map.of("id", id, "ended", true);
            });
        });
    }

    private WindowView extend(long id, Instant endsAt, Duration duration) {
        MaintenanceWindow w = windows.get(id).orElseThrow(() -> Endpoints.notFound("no maintenance window " + id));
        Instant now = clock.instant();
        if (!w.endsAt().isAfter(now)) {
            throw Endpoints.problem(409, "maintenance window " + id + " has ended; schedule a new one");
        }
        Instant end = endsAt != null ? endsAt : w.endsAt().plus(duration);
        try {
            return windows.extend(id, end, now).map(x -> view(x, now)).orElseThrow(
                    () -> Endpoints.problem(409, "maintenance window " + id + " has ended; schedule a new one"));
        } catch (IllegalArgumentException e) {
            throw Endpoints.badRequest(e.getMessage());
        }
    }

    private List<List<LabelMatcher>> tenantMatchers(String tenant) {
        if (config.get().tenants().stream().noneMatch(t -> t.id().equals(tenant))) {
            throw Endpoints.badRequest("tenant must be a configured tenant id, got '" + tenant + "'");
        }
        return List.of(List.of(new LabelMatcher("tenant", LabelMatcher.Op.EQ, tenant)));
    }

    private List<List<LabelMatcher>> pairMatchers(String pair) {
        PairConfig p = pair(pair).orElseThrow(
                () -> Endpoints.badRequest("pair must be a configured pair id, got '" + pair + "'"));
        String either = literal(p.primary()) + "|" + literal(p.dr());
        return List.of(List.of(new LabelMatcher("pair", LabelMatcher.Op.EQ, pair)),
                List.of(new LabelMatcher("tenant", LabelMatcher.Op.RE, either)));
    }

    /** A tenant id as a regular expression matching just it (readable: only metacharacters escaped). */
    static String literal(String id) {
        return META.matcher(id).replaceAll("\\\\$0");
    }

    private Optional<PairConfig> pair(String id) {
        return config.get().pairs().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private WindowView view(MaintenanceWindow w, Instant now) {
        List<String> tenants = w.kind().equals("pair")
                ? pair(w.target()).map(p -> List.of(p.primary(), p.dr())).orElse(List.of())
                : List.of(w.target());
        String state = switch (w.state(now)) {
            case PENDING -> "scheduled";
            case ACTIVE -> "active";
            case EXPIRED -> "ended";
        };
        return new WindowView(w.id(), w.kind(), w.target(), tenants, w.startsAt(), w.endsAt(), w.createdBy(),
                w.comment(), w.createdAt(), state, w.silenceIds());
    }
}
