package io.cpimon.api;

import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.Durations;
import io.cpimon.config.InhibitConfig;
import io.cpimon.config.LabelMatcher;
import io.cpimon.config.RulesConfig;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertEvent;
import io.cpimon.db.AlertFlags;
import io.cpimon.db.AlertQuery;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.Silence;
import io.cpimon.db.SilenceStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerts, acks, silences, rules and pairs:
 * <ul>
 * <li>{@code GET /api/v1/alerts} — filters {@code state}, {@code rule}, {@code tenant}, {@code pair}, {@code since},
 * {@code until} (ISO instants), {@code limit}; {@code history=true} adds each alert's transitions. Each alert carries
 * its mute flags {@code silencedBy} and {@code inhibitedBy}.</li>
 * <li>{@code GET /api/v1/alerts/{id}/history}; {@code POST /api/v1/alerts/{id}/ack} {@code {"by","comment"}} (409 when resolved)</li>
 * <li>{@code GET /api/v1/silences} ({@code ?all=true} with expired), {@code POST /api/v1/silences}
 * {@code {"matchers":["tenant=\"t1\""] or [{"name","value","isRegex","isEqual"}], "startsAt"?, "endsAt", "createdBy", "comment"?}}
 * → 201 with the silence, {@code DELETE /api/v1/silences/{id}} expires it</li>
 * <li>{@code GET /api/v1/rules} — the effective rules, their parameters and the inhibit rules</li>
 * <li>{@code GET /api/v1/pairs} — per pair: active tenant now, failover history, open DR drift, duplicates</li>
 * </ul>
 * Handlers never block: store calls run through {@link Endpoints#respond}.
 */
public final class AlertRoutes implements ApiRoutes {
    static final int PAIR_HISTORY = 20;

    private final AlertStore alerts;
    private final SilenceStore silences;
    private final CpimonConfig config;
    private final Clock clock;

    public AlertRoutes(AlertStore alerts, SilenceStore silences, CpimonConfig config, Clock clock) {
        this.alerts = alerts;
        this.silences = silences;
        this.config = config;
        this.clock = clock;
    }

    /** An alert as the API shows it: every field of {@link Alert}, its mute flags, and (when asked) its history. */
    public record AlertView(long id, String fingerprint, String rule, Map<String, String> labels, Map<String, String> annotations,
                            AlertState state, Instant activeAt, Instant firingAt, Instant lastActiveAt, Instant endsAt,
                            String ackedBy, Instant ackedAt, String ackComment, String silencedBy, String inhibitedBy,
                            List<AlertEvent> history) {
        static AlertView of(Alert a, AlertFlags f, List<AlertEvent> history) {
            return new AlertView(a.id(), a.fingerprint(), a.rule(), a.labels(), a.annotations(), a.state(), a.activeAt(),
                    a.firingAt(), a.lastActiveAt(), a.endsAt(), a.ackedBy(), a.ackedAt(), a.ackComment(),
                    f == null ? null : f.silencedBy(), f == null ? null : f.inhibitedBy(), history);
        }
    }

    public record SilenceView(long id, List<String> matchers, Instant startsAt, Instant endsAt, String createdBy,
                              String comment, Instant createdAt, String state) {
        static SilenceView of(Silence s, Instant now) {
            return new SilenceView(s.id(), s.matchers().stream().map(LabelMatcher::toString).toList(), s.startsAt(), s.endsAt(),
                    s.createdBy(), s.comment(), s.createdAt(), s.state(now).name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/alerts").handler(ctx -> {
            AlertQuery q = new AlertQuery(Endpoints.enumParam(ctx, "state", AlertState.class), Endpoints.param(ctx, "rule"),
                    Endpoints.param(ctx, "tenant"), Endpoints.param(ctx, "pair"), Endpoints.instant(ctx, "since"),
                    Endpoints.instant(ctx, "until"), Endpoints.limit(ctx, 100));
            boolean history = "true".equalsIgnoreCase(Endpoints.param(ctx, "history"));
            endpoints.respond(ctx, () -> views(alerts.search(q), history));
        });
        router.get("/api/v1/alerts/:id").handler(ctx -> {
            long id = Endpoints.longPath(ctx, "id");
            endpoints.respond(ctx, () -> views(List.of(alerts.get(id).orElseThrow(() -> Endpoints.notFound("no alert " + id))), true)
                    .getFirst());
        });
        router.post("/api/v1/alerts/:id/ack").handler(ctx -> {
            long id = Endpoints.longPath(ctx, "id");
            JsonObject body = Endpoints.body(ctx);
            ApiAuth.Principal principal = ApiAuth.principal(ctx);
            String by = body.getString("by", principal == null ? null : principal.name());
            if (by == null || by.isBlank()) {
                throw Endpoints.badRequest("an ack needs 'by' (who acknowledges)");
            }
            String comment = body.getString("comment");
            endpoints.respond(ctx, () -> {
                Alert a = alerts.get(id).orElseThrow(() -> Endpoints.notFound("no alert " + id));
                if (!a.open()) {
                    throw Endpoints.problem(409, "alert " + id + " is resolved; only an open alert can be acknowledged");
                }
                Alert acked = alerts.acknowledge(id, by, clock.instant(), comment)
                        .orElseThrow(() -> Endpoints.notFound("no alert " + id));
                return views(List.of(acked), false).getFirst();
            });
        });
        router.get("/api/v1/silences").handler(ctx -> {
            boolean all = "true".equalsIgnoreCase(Endpoints.param(ctx, "all"));
            int limit = Endpoints.limit(ctx, 100);
            endpoints.respond(ctx, () -> {
                Instant now = clock.instant();
                List<Silence> list = all ? silences.list(limit) : silences.current(now);
                return list.stream().map(s -> SilenceView.of(s, now)).toList();
            });
        });
        router.post("/api/v1/silences").handler(ctx -> {
            JsonObject body = Endpoints.body(ctx);
            List<LabelMatcher> matchers = matchers(body.getValue("matchers"));
            Instant startsAt = instant(body, "startsAt", false);
            Instant endsAt = instant(body, "endsAt", true);
            ApiAuth.Principal principal = ApiAuth.principal(ctx);
            String createdBy = body.getString("createdBy", principal == null ? null : principal.name());
            if (createdBy == null || createdBy.isBlank()) {
                throw Endpoints.badRequest("a silence needs 'createdBy'");
            }
            String comment = body.getString("comment");
            endpoints.respond(ctx, 201, () -> {
                Instant now = clock.instant();
                Instant start = startsAt == null ? now : startsAt;
                if (!endsAt.isAfter(start)) {
                    throw Endpoints.badRequest("endsAt must be after startsAt");
                }
                if (!endsAt.isAfter(now)) {
                    throw Endpoints.badRequest("endsAt must be in the future");
                }
                return SilenceView.of(silences.create(matchers, start, endsAt, createdBy, comment), now);
            });
        });
        router.delete("/api/v1/silences/:id").handler(ctx -> {
            long id = Endpoints.longPath(ctx, "id");
            endpoints.respond(ctx, () -> {
                Instant now = clock.instant();
                silences.get(id).orElseThrow(() -> Endpoints.notFound("no silence " + id));
                if (!silences.expire(id, now)) {
                    throw Endpoints.problem(409, "silence " + id + " has already expired");
                }
                return Map.of("id", id, "expired", true);
            });
        });
        router.get("/api/v1/rules").handler(ctx -> endpoints.respond(ctx, this::rules));
        router.get("/api/v1/pairs").handler(ctx -> endpoints.respond(ctx, this::pairs));
    }

    private List<AlertView> views(List<Alert> list, boolean history) {
        Map<Long, AlertFlags> flags = alerts.flags(list.stream().map(Alert::id).toList());
        List<AlertView> out = new ArrayList<>(list.size());
        for (Alert a : list) {
            out.add(AlertView.of(a, flags.get(a.id()), history ? alerts.history(a.id()) : null));
        }
        return out;
    }

    /** Matchers as Alertmanager objects ({@code name, value, isRegex, isEqual}) or as strings ({@code name=~"v"}). */
    static List<LabelMatcher> matchers(Object value) {
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw Endpoints.badRequest("a silence needs 'matchers': a non-empty list such as [\"tenant=\\\"prd-weu\\\"\"]");
        }
        List<LabelMatcher> out = new ArrayList<>();
        for (Object o : array) {
            try {
                if (o instanceof String s) {
                    out.add(LabelMatcher.parse(s));
                } else if (o instanceof JsonObject m) {
                    boolean regex = m.getBoolean("isRegex", false);
                    boolean equal = m.getBoolean("isEqual", true);
                    LabelMatcher.Op op = regex ? (equal ? LabelMatcher.Op.RE : LabelMatcher.Op.NRE)
                            : (equal ? LabelMatcher.Op.EQ : LabelMatcher.Op.NE);
                    out.add(new LabelMatcher(m.getString("name"), op, m.getString("value", "")));
                } else {
                    throw new IllegalArgumentException("a matcher is a string or an object, got " + o);
                }
            } catch (IllegalArgumentException | ClassCastException e) {
                throw Endpoints.badRequest("invalid matcher: " + e.getMessage());
            }
        }
        return out;
    }

    private static Instant instant(JsonObject body, String key, boolean required) {
        String v = body.getString(key);
        if (v == null) {
            if (required) {
                throw Endpoints.badRequest("a silence needs '" + key + "' (an ISO-8601 instant)");
            }
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw Endpoints.badRequest(key + " must be an ISO-8601 instant like 2026-11-24T10:15:30Z, got '" + v + "'");
        }
    }

    private Map<String, Object> rules() {
        RulesConfig r = config.rules();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("evaluationInterval", Durations.format(r.evaluationInterval()));
        List<Map<String, Object>> list = new ArrayList<>();
        r.params().forEach((definition, params) -> {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("name", definition.name());
            rule.putAll(params.describe());
            list.add(rule);
        });
        out.put("rules", list);
        List<Map<String, Object>> inhibit = new ArrayList<>();
        for (InhibitConfig i : r.inhibit()) {
            inhibit.add(Map.of("source", i.source().stream().map(LabelMatcher::toString).toList(),
                    "target", i.target().stream().map(LabelMatcher::toString).toList(), "equal", i.equal()));
        }
        out.put("inhibit", inhibit);
        return out;
    }

    private List<Map<String, Object>> pairs() {
        List<Alert> open = alerts.search(new AlertQuery(null, null, null, null, null, null, 10_000)).stream()
                .filter(Alert::open).toList();
        List<Map<String, Object>> out = new ArrayList<>();
        for (PairConfig p : config.pairs()) {
            List<Alert> mine = open.stream().filter(a -> p.id().equals(a.labels().get("pair"))).toList();
            Alert failover = mine.stream().filter(a -> a.rule().equals("failover") && a.state() == AlertState.FIRING)
                    .findFirst().orElse(null);
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("id", p.id());
            pair.put("primary", p.primary());
            pair.put("dr", p.dr());
            pair.put("mode", p.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            pair.put("activeTenant", failover == null ? p.primary() : p.dr());
            pair.put("failedOver", failover != null);
            List<Map<String, Object>> history = new ArrayList<>();
            for (String rule : List.of("failover", "failback")) {
                for (Alert a : alerts.search(new AlertQuery(null, rule, null, p.id(), null, null, PAIR_HISTORY))) {
                    Map<String, Object> h = new LinkedHashMap<>();
                    h.put("rule", a.rule());
                    h.put("id", a.id());
                    h.put("state", a.state());
                    h.put("activeAt", a.activeAt());
                    h.put("endsAt", a.endsAt());
                    h.put("summary", a.annotations().get("summary"));
                    history.add(h);
                }
            }
            history.sort((x, y) -> ((Instant) y.get("activeAt")).compareTo((Instant) x.get("activeAt")));
            pair.put("failoverHistory", history.stream().limit(PAIR_HISTORY).toList());
            pair.put("drift", mine.stream().filter(a -> a.rule().equals("dr_drift")).map(a -> Map.of(
                    "artifact", a.labels().getOrDefault("artifact", ""),
                    "drift", a.annotations().getOrDefault("drift", ""),
                    "state", a.state().name())).toList());
            long duplicates = mine.stream().filter(a -> a.rule().equals("duplicate_processing"))
                    .mapToLong(a -> parseLong(a.annotations().get("count"))).sum();
            pair.put("duplicates", duplicates);
            out.add(pair);
        }
        return out;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
