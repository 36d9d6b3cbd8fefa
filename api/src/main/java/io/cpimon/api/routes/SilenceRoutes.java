package io.cpimon.api.routes;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Paging;
import io.cpimon.api.Requests;
import io.cpimon.config.LabelMatcher;
import io.cpimon.db.Keyset;
import io.cpimon.db.Silence;
import io.cpimon.db.SilenceStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Silences:
 * <ul>
 * <li>{@code GET /api/v1/silences} (current ones; {@code ?all=true&limit&before} every one, newest first, paged as
 * {@link Paging} says)</li>
 * <li>{@code POST /api/v1/silences} {@code {"matchers":["tenant=\"t1\""] or [{"name","value","isRegex","isEqual"}],
 * "startsAt"?, "endsAt" or "duration", "createdBy"?, "comment"?}} → 201 with the silence; who defaults to the caller;
 * a start in the future schedules it</li>
 * <li>{@code POST /api/v1/silences/{id}/extend} {@code {"endsAt"}} (the new end) or {@code {"duration"}} (added to
 * the current end) → the silence; 409 when it has expired</li>
 * <li>{@code DELETE /api/v1/silences/{id}} expires it (409 when already expired)</li>
 * </ul>
 * Stateless; handlers never block.
 */
public final class SilenceRoutes implements ApiRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final Set<String> PARAMETERS = Set.of("all", "limit", "before");
    private static final int MAX_BY = 200;
    private static final int MAX_COMMENT = 4000;
    private static final int MAX_MATCHERS = 50;
    private static final int MAX_MATCHER = 1000;

    private final SilenceStore silences;
    private final Clock clock;

    public SilenceRoutes(SilenceStore silences, Clock clock) {
        this.silences = silences;
        this.clock = clock;
    }

    /**
     * A silence as the API shows it: matchers in their text form, and its state at the time of the call.
     * @param comment nullable
     * @param state {@code pending}, {@code active} or {@code expired}
     */
    public record SilenceView(long id, List<String> matchers, Instant startsAt, Instant endsAt, String createdBy,
                              String comment, Instant createdAt, String state) {
        static SilenceView of(Silence s, Instant now) {
            return new SilenceView(s.id(), s.matchers().stream().map(LabelMatcher::toString).toList(), s.startsAt(),
                    s.endsAt(), s.createdBy(), s.comment(), s.createdAt(),
                    s.state(now).name().toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/silences").handler(ctx -> {
            Requests.onlyParams(ctx, PARAMETERS);
            boolean all = Requests.flag(ctx, "all");
            Paging.Window w = Paging.window(ctx, DEFAULT_LIMIT);
            if (!all && w.before() != null) {
                throw Endpoints.badParameter("before", "before pages through every silence: add all=true");
            }
            endpoints.call(() -> {
                Instant now = clock.instant();
                List<Silence> list = all ? silences.list(w.before(), w.limit()) : silences.current(now);
                return list.stream().map(s -> SilenceView.of(s, now)).toList();
            }).onSuccess(page -> {
                if (all) {
                    Paging.respond(ctx, w, page, s -> new Keyset(s.createdAt(), s.id()));
                } else {
                    Endpoints.json(ctx, 200, Endpoints.toJson(page));
                }
            }).onFailure(ctx::fail);
        });
        router.post("/api/v1/silences").handler(ctx -> {
            JsonObject body = Requests.body(ctx);
            List<LabelMatcher> matchers = matchers(body.getValue("matchers"));
            Instant startsAt = Requests.instant(body, "startsAt");
            Instant endsAt = Requests.instant(body, "endsAt");
            Duration duration = Requests.optionalDuration(body, "duration", AlertRoutes.MAX_SILENCE);
            if (endsAt == null && duration == null) {
                throw Endpoints.badParameter("endsAt",
                        "a silence needs 'endsAt' (an ISO-8601 instant) or 'duration' (like 2h)");
            }
            if (endsAt != null && duration != null) {
                throw Endpoints.badParameter("duration", "a silence takes 'endsAt' or 'duration', not both");
            }
            String createdBy = body.containsKey("createdBy") ? Requests.optionalString(body, "createdBy", MAX_BY)
                    : ApiAuth.principal(ctx).name();
            if (createdBy == null || createdBy.isBlank()) {
                throw Endpoints.badParameter("createdBy", "a silence needs 'createdBy'");
            }
            String comment = Requests.optionalString(body, "comment", MAX_COMMENT);
            endpoints.respond(ctx, 201, () -> create(matchers, startsAt,
                    endsAt != null ? endsAt : (startsAt == null ? clock.instant() : startsAt).plus(duration),
                    createdBy, comment));
        });
        router.post("/api/v1/silences/:id/extend").handler(ctx -> {
            long id = Requests.longPath(ctx, "id");
            JsonObject body = Requests.body(ctx);
            Instant endsAt = Requests.instant(body, "endsAt");
            Duration duration = Requests.optionalDuration(body, "duration", AlertRoutes.MAX_SILENCE);
            if ((endsAt == null) == (duration == null)) {
                throw Endpoints.badRequest("an extension needs 'endsAt' (the new end) or 'duration' (added to the"
                        + " end), one of them");
            }
            endpoints.respond(ctx, () -> extend(id, endsAt, duration));
        });
        router.delete("/api/v1/silences/:id").handler(ctx -> {
            long id = Requests.longPath(ctx, "id");
            endpoints.respond(ctx, () -> expire(id));
        });
    }

    private SilenceView create(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                               String comment) {
        Instant now = clock.instant();
        Instant start = startsAt == null ? now : startsAt;
        if (!endsAt.isAfter(start)) {
            throw Endpoints.badParameter("endsAt", "endsAt must be after startsAt");
        }
        if (!endsAt.isAfter(now)) {
            throw Endpoints.badParameter("endsAt", "endsAt must be in the future");
        }
        return SilenceView.of(silences.create(matchers, start, endsAt, createdBy, comment), now);
    }

    private SilenceView extend(long id, Instant endsAt, Duration duration) {
        Silence s = silences.get(id).orElseThrow(() -> Endpoints.notFound("no silence " + id));
        Instant now = clock.instant();
        if (!s.endsAt().isAfter(now)) {
            throw Endpoints.problem(409, "silence " + id + " has expired; create a new one");
        }
        Instant end = endsAt != null ? endsAt : s.endsAt().plus(duration);
        try {
            return silences.extend(id, end, now).map(x -> SilenceView.of(x, now))
                    .orElseThrow(() -> Endpoints.problem(409, "silence " + id + " has expired; create a new one"));
        } catch (IllegalArgumentException e) {
            throw Endpoints.badRequest(e.getMessage());
        }
    }

    private Map<String, Object> expire(long id) {
        silences.get(id).orElseThrow(() -> Endpoints.notFound("no silence " + id));
        if (!silences.expire(id, clock.instant())) {
            throw Endpoints.problem(409, "silence " + id + " has already expired");
        }
        return Map.of("id", id, "expired", true);
    }

    /**
     * Matchers as Alertmanager objects ({@code name, value, isRegex, isEqual}) or as strings ({@code name=~"v"}),
     * parsed strictly: every member must have its type, a string matcher its exact syntax.
     */
    static List<LabelMatcher> matchers(Object value) {
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw Endpoints.badParameter("matchers",
                    "a silence needs 'matchers': a non-empty list such as [\"tenant=\\\"prd-weu\\\"\"]");
        }
        if (array.size() > MAX_MATCHERS) {
            throw Endpoints.badParameter("matchers", "matchers: at most " + MAX_MATCHERS + ", got " + array.size());
        }
        List<LabelMatcher> out = new ArrayList<>();
        for (Object o : array) {
            out.add(matcher(o));
        }
        return out;
    }

    private static LabelMatcher matcher(Object o) {
        try {
            if (o instanceof String s) {
                if (s.length() > MAX_MATCHER) {
                    throw Endpoints.badParameter("matchers", "invalid matcher: at most " + MAX_MATCHER + " characters, got "
                            + s.length());
                }
                return LabelMatcher.parse(s);
            }
            if (o instanceof JsonObject m) {
                String name = Requests.optionalString(m, "name", MAX_MATCHER);
                String value = Requests.optionalString(m, "value", MAX_MATCHER);
                boolean regex = Requests.optionalBoolean(m, "isRegex", false);
                boolean equal = Requests.optionalBoolean(m, "isEqual", true);
                LabelMatcher.Op op = regex ? (equal ? LabelMatcher.Op.RE : LabelMatcher.Op.NRE)
                        : (equal ? LabelMatcher.Op.EQ : LabelMatcher.Op.NE);
                return new LabelMatcher(name, op, value == null ? "" : value);
            }
            throw Endpoints.badParameter("matchers", "invalid matcher: a matcher is a string or an object, got " + Requests.kind(o));
        } catch (IllegalArgumentException e) {
            throw Endpoints.badParameter("matchers", "invalid matcher: " + e.getMessage());
        }
    }
}
