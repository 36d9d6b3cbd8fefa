package io.cpimon.api.routes;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Paging;
import io.cpimon.api.Requests;
import io.cpimon.config.LabelMatcher;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertAck;
import io.cpimon.db.AlertEvent;
import io.cpimon.db.AlertFlags;
import io.cpimon.db.AlertQuery;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.Keyset;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationState;
import io.cpimon.db.NotificationStore;
import io.cpimon.db.SilenceStore;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Alerts, acks and silences from an alert:
 * <ul>
 * <li>{@code GET /api/v1/alerts} — filters {@code state} (one or more, comma-separated, of pending, firing, acked,
 * silenced, inhibited, resolved: an alert in any of them), {@code rule}, {@code tenant}, {@code pair}, {@code q}
 * (text in the rule, a label or annotation value, an ack's comment or author), {@code since}, {@code until} (ISO
 * instants), {@code limit}, {@code before} (a cursor: newest first by activeAt and id, paged with {@code api.Paging});
 * {@code history=true} adds each alert's transitions. Each alert carries its mute flags {@code silencedBy} and
 * {@code inhibitedBy}.</li>
 * <li>{@code GET /api/v1/alerts/groups?by=rule|pair|tenant} and the same filters — the alerts grouped, with counts
 * per status</li>
 * <li>{@code GET /api/v1/alerts/{id}} (with its history), {@code GET /api/v1/alerts/{id}/history},
 * {@code GET /api/v1/alerts/{id}/timeline} (pending, firing, notified per channel, acked, resolved in time order)</li>
 * <li>{@code POST /api/v1/alerts/{id}/ack} {@code {"by"?, "comment"?}} (the body is optional; strings of at most
 * 200 and 4000 characters): who defaults to the caller; 409 when the alert is resolved</li>
 * <li>{@code POST /api/v1/alerts/{id}/silence} {@code {"duration" or "endsAt", "startsAt"?, "labels"?, "comment"?}}
 * → 201 with the silence: one equality matcher per label of the alert (all, or the named ones)</li>
 * </ul>
 * Unknown parameters and invalid values are 400 problems naming them. Stateless; handlers never block.
 */
public final class AlertRoutes implements ApiRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_TEXT = 200;
    /** The longest silence made from an alert: maintenance beyond that is scheduled, not silenced. */
    static final Duration MAX_SILENCE = Duration.ofDays(90);
    /** The longest {@code by} of an ack (a name or an e-mail address). */
    static final int MAX_BY = 200;
    /** The longest ack comment: a note for the on-call colleague, not a document. */
    static final int MAX_COMMENT = 4000;
    /** The longest {@code before}: a cursor or an instant. */
    static final int MAX_CURSOR = 200;
    private static final Set<String> LIST_PARAMETERS =
            Set.of("state", "rule", "tenant", "pair", "q", "since", "until", "limit", "before", "history");
    private static final Set<String> GROUP_PARAMETERS =
            Set.of("by", "state", "rule", "tenant", "pair", "q", "since", "until", "limit");

    private final AlertStore alerts;
    private final NotificationStore notifications;
    private final SilenceStore silences;
    private final Clock clock;
    private final ChangeNotifier notifier;

    public AlertRoutes(AlertStore alerts, NotificationStore notifications, SilenceStore silences, Clock clock) {
        this(alerts, notifications, silences, clock, ChangeNotifier.NOOP);
    }

    /**
     * @param notifier told {@code alert} (with the alert's tenant) after an ack or a silence from an alert, so that
     *                 every open dashboard, on this instance and the others, reads the alerts again
     */
    public AlertRoutes(AlertStore alerts, NotificationStore notifications, SilenceStore silences, Clock clock,
                       ChangeNotifier notifier) {
        this.alerts = alerts;
        this.notifications = notifications;
        this.silences = silences;
        this.clock = clock;
        this.notifier = notifier;
    }

    /** What alerts are grouped by on the alerts page. */
    public enum GroupBy { RULE, PAIR, TENANT }

    /**
     * An alert as the API shows it: every field of {@link Alert}, its mute flags, and (when asked) its history.
     * @param silencedBy nullable: the silence muting it
     * @param inhibitedBy nullable: the alert inhibiting it
     * @param history null unless asked for
     */
    public record AlertView(long id, String fingerprint, String rule, Map<String, String> labels,
                            Map<String, String> annotations, AlertState state, Instant activeAt, Instant firingAt,
                            Instant lastActiveAt, Instant endsAt, String ackedBy, Instant ackedAt, String ackComment,
                            String silencedBy, String inhibitedBy, List<AlertEvent> history) {
        static AlertView of(Alert a, AlertFlags f, List<AlertEvent> history) {
            return new AlertView(a.id(), a.fingerprint(), a.rule(), a.labels(), a.annotations(), a.state(),
                    a.activeAt(), a.firingAt(), a.lastActiveAt(), a.endsAt(), a.ackedBy(), a.ackedAt(), a.ackComment(),
                    f == null ? null : f.silencedBy(), f == null ? null : f.inhibitedBy(), history);
        }
    }

    /**
     * One group of alerts: its key (the rule, pair or tenant; empty for alerts without that label), counts per
     * status and the alerts, newest first.
     */
    public record AlertGroup(String by, String key, int count, int firing, int pending, int acked, int silenced,
                             List<AlertView> alerts) {}

    /**
     * One entry of an alert's timeline.
     * @param kind {@code pending}, {@code firing}, {@code resolved}, {@code acked} or {@code notified}
     * @param channel nullable: the channel notified
     * @param result nullable: for {@code notified}: {@code delivered}, {@code retrying}, {@code queued} or
     *               {@code dead}
     * @param about nullable: what the notification told (the alert's status in its payload)
     * @param by nullable: who acknowledged; @param comment nullable: the ack's comment
     * @param detail nullable: the peer's reference when delivered, the last error otherwise
     */
    public record TimelineEntry(Instant at, String kind, String channel, String result, String about, String by,
                                String comment, String detail) {}

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/alerts").handler(ctx -> {
            Requests.onlyParams(ctx, LIST_PARAMETERS);
            AlertQuery q = query(ctx).startingBefore(Paging.before(Requests.text(ctx, "before", MAX_CURSOR)));
            boolean history = Requests.flag(ctx, "history");
            Paging.Window w = new Paging.Window(q.since(), q.until(), q.before(), q.limit());
            endpoints.call(() -> views(alerts.search(q), history))
                    .onSuccess(page -> Paging.respond(ctx, w, page, v -> new Keyset(v.activeAt(), v.id())))
                    .onFailure(ctx::fail);
        });
        router.get("/api/v1/alerts/groups").handler(ctx -> {
            Requests.onlyParams(ctx, GROUP_PARAMETERS);
            AlertQuery q = query(ctx);
            GroupBy by = Requests.enumParam(ctx, "by", GroupBy.class);
            if (by == null) {
                throw Endpoints.badParameter("by", "by is required: one of [rule, pair, tenant]");
            }
            endpoints.respond(ctx, () -> groups(by, views(alerts.search(q), false)));
        });
        router.get("/api/v1/alerts/:id").handler(ctx -> {
            long id = Requests.longPath(ctx, "id");
            endpoints.respond(ctx, () -> views(List.of(existing(id)), true).getFirst());
        });
        router.get("/api/v1/alerts/:id/history").handler(ctx -> {
            long id = Requests.longPath(ctx, "id");
            endpoints.respond(ctx, () -> {
                existing(id);
                return alerts.history(id);
            });
        });
        router.get("/api/v1/alerts/:id/timeline").handler(ctx -> {
            long id = Requests.longPath(ctx, "id");
            endpoints.respond(ctx, () -> timeline(id));
        });
        router.post("/api/v1/alerts/:id/ack").handler(ctx -> {
            long id = Requests.longPath(ctx, "id");
            JsonObject body = Requests.optionalBody(ctx);
            if (body == null) {
                body = new JsonObject();
            }
            String by = body.containsKey("by") ? Requests.optionalString(body, "by", MAX_BY)
                    : ApiAuth.principal(ctx).name();
            if (by == null || by.isBlank()) {
                throw Endpoints.badParameter("by", "an ack needs 'by' (who acknowledges)");
            }
            String comment = Requests.optionalString(body, "comment", MAX_COMMENT);
            endpoints.respond(ctx, () -> acknowledge(id, by, comment));
        });
        router.post("/api/v1/alerts/:id/silence").handler(ctx -> {
            long id = Requests.longPath(ctx, "id");
            JsonObject body = Requests.body(ctx);
            Duration duration = Requests.optionalDuration(body, "duration", MAX_SILENCE);
            Instant startsAt = Requests.instant(body, "startsAt");
            Instant endsAt = Requests.instant(body, "endsAt");
            if ((duration == null) == (endsAt == null)) {
                throw Endpoints.badRequest("a silence needs either 'duration' (like 2h) or 'endsAt', not both");
            }
            List<String> names = labelNames(body.getValue("labels"));
            String createdBy = ApiAuth.principal(ctx).name();
            String comment = Requests.optionalString(body, "comment", MAX_COMMENT);
            endpoints.respond(ctx, 201, () -> silence(id, names, startsAt, duration, endsAt, createdBy, comment));
        });
    }

    private static AlertQuery query(RoutingContext ctx) {
        Set<AlertQuery.Status> statuses;
        try {
            statuses = Requests.enumList(ctx, "state", AlertQuery.Status.class);
        } catch (RuntimeException e) {
            throw Endpoints.badParameter("state", e.getMessage());
        }
        return new AlertQuery(null, Requests.text(ctx, "rule", MAX_TEXT), Requests.text(ctx, "tenant", MAX_TEXT),
                Requests.text(ctx, "pair", MAX_TEXT), Requests.instant(ctx, "since"), Requests.instant(ctx, "until"),
                Requests.limit(ctx, DEFAULT_LIMIT), statuses, Requests.text(ctx, "q", MAX_TEXT));
    }

    private static List<String> labelNames(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw Endpoints.badParameter("labels", "labels must be a non-empty list of label names, got "
                    + Requests.kind(value));
        }
        List<String> names = new ArrayList<>();
        for (Object o : array) {
            if (!(o instanceof String s) || s.isBlank()) {
                throw Endpoints.badParameter("labels", "labels must be a list of label names, got " + Requests.kind(o)
                        + " in it");
            }
            names.add(s);
        }
        return names;
    }

    private Alert existing(long id) {
        return alerts.get(id).orElseThrow(() -> Endpoints.notFound("no alert " + id));
    }

    private AlertView acknowledge(long id, String by, String comment) {
        if (!existing(id).open()) {
            throw Endpoints.problem(409, "alert " + id + " is resolved; only an open alert can be acknowledged");
        }
        Alert acked = alerts.acknowledge(id, by, clock.instant(), comment)
                .orElseThrow(() -> Endpoints.notFound("no alert " + id));
        notifier.changed("alert", acked.labels().get("tenant"));
        return views(List.of(acked), false).getFirst();
    }

    private SilenceRoutes.SilenceView silence(long id, List<String> names, Instant startsAt, Duration duration,
                                              Instant endsAt, String createdBy, String comment) {
        Alert alert = existing(id);
        Map<String, String> labels = new TreeMap<>(alert.labels());
        List<LabelMatcher> matchers = new ArrayList<>();
        for (String name : names == null ? List.copyOf(labels.keySet()) : names) {
            String value = labels.get(name);
            if (value == null) {
                throw Endpoints.badRequest("labels: alert " + id + " has no label '" + name + "'; it has "
                        + labels.keySet());
            }
            matchers.add(new LabelMatcher(name, LabelMatcher.Op.EQ, value));
        }
        Instant now = clock.instant();
        Instant start = startsAt == null ? now : startsAt;
        Instant end = endsAt != null ? endsAt : start.plus(duration);
        if (!end.isAfter(start)) {
            throw Endpoints.badRequest("endsAt must be after startsAt");
        }
        if (!end.isAfter(now)) {
            throw Endpoints.badRequest("endsAt must be in the future");
        }
        String why = comment == null || comment.isBlank() ? "silenced from alert " + id : comment;
        SilenceRoutes.SilenceView view = SilenceRoutes.SilenceView.of(silences.create(matchers, start, end, createdBy,
                why), now);
        notifier.changed("alert", alert.labels().get("tenant"));
        return view;
    }

    private List<TimelineEntry> timeline(long id) {
        existing(id);
        List<TimelineEntry> out = new ArrayList<>();
        for (AlertEvent e : alerts.history(id)) {
            out.add(new TimelineEntry(e.at(), e.toState().name().toLowerCase(Locale.ROOT), null, null, null, null,
                    null, null));
        }
        for (AlertAck a : alerts.acks(id)) {
            out.add(new TimelineEntry(a.at(), "acked", null, null, null, a.by(), a.comment(), null));
        }
        for (Notification n : notifications.forAlert(id)) {
            out.add(notified(n));
        }
        out.sort(Comparator.comparing(TimelineEntry::at).thenComparing(e -> order(e.kind())));
        return out;
    }

    private static TimelineEntry notified(Notification n) {
        String result = switch (n.state()) {
            case SENT -> "delivered";
            case DEAD -> "dead";
            case PENDING -> n.lastError() == null ? "queued" : "retrying";
        };
        Instant at = n.sentAt() != null ? n.sentAt() : n.deadAt() != null ? n.deadAt() : n.createdAt();
        String detail = n.state() == NotificationState.SENT ? n.externalRef() : n.lastError();
        return new TimelineEntry(at, "notified", n.channel(), result, about(n.payloadJson()), null, null, detail);
    }

    /** The alert status a notification told (its payload's {@code status}), null when it names none. */
    private static String about(String payload) {
        try {
            return new JsonObject(payload).getValue("status") instanceof String s ? s : null;
        } catch (DecodeException | ClassCastException notAnObject) {
            return null;
        }
    }

    /** Same instant: the state change first, then who was told, then the ack. */
    private static int order(String kind) {
        return switch (kind) {
            case "pending", "firing", "resolved" -> 0;
            case "notified" -> 1;
            default -> 2;
        };
    }

    private static List<AlertGroup> groups(GroupBy by, List<AlertView> list) {
        Map<String, List<AlertView>> grouped = new LinkedHashMap<>();
        for (AlertView a : list) {
            String key = switch (by) {
                case RULE -> a.rule();
                case PAIR -> a.labels().getOrDefault("pair", "");
                case TENANT -> a.labels().getOrDefault("tenant", "");
            };
            grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
        }
        List<AlertGroup> out = new ArrayList<>();
        String name = by.name().toLowerCase(Locale.ROOT);
        grouped.forEach((key, alertsOf) -> out.add(new AlertGroup(name, key, alertsOf.size(),
                count(alertsOf, a -> a.state() == AlertState.FIRING),
                count(alertsOf, a -> a.state() == AlertState.PENDING),
                count(alertsOf, a -> a.state() != AlertState.RESOLVED && a.ackedBy() != null),
                count(alertsOf, a -> a.state() != AlertState.RESOLVED && a.silencedBy() != null), alertsOf)));
        out.sort(Comparator.comparingInt(AlertGroup::firing).reversed().thenComparing(AlertGroup::key));
        return out;
    }

    private static int count(List<AlertView> list, Predicate<AlertView> which) {
        return (int) list.stream().filter(which).count();
    }

    private List<AlertView> views(List<Alert> list, boolean history) {
        Map<Long, AlertFlags> flags = alerts.flags(list.stream().map(Alert::id).toList());
        List<AlertView> out = new ArrayList<>(list.size());
        for (Alert a : list) {
            out.add(AlertView.of(a, flags.get(a.id()), history ? alerts.history(a.id()) : null));
        }
        return out;
    }
}
