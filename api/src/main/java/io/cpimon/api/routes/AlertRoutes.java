package io.cpimon.api.routes;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Requests;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertEvent;
import io.cpimon.db.AlertFlags;
import io.cpimon.db.AlertQuery;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alerts and acks:
 * <ul>
 * <li>{@code GET /api/v1/alerts} — filters {@code state}, {@code rule}, {@code tenant}, {@code pair}, {@code since},
 * {@code until} (ISO instants), {@code limit}; {@code history=true} adds each alert's transitions. Each alert carries
 * its mute flags {@code silencedBy} and {@code inhibitedBy}.</li>
 * <li>{@code GET /api/v1/alerts/{id}} (with its history), {@code GET /api/v1/alerts/{id}/history}</li>
 * <li>{@code POST /api/v1/alerts/{id}/ack} {@code {"by"?, "comment"?}} (the body is optional; strings of at most
 * 200 and 4000 characters): who defaults to the caller; 409 when the alert is resolved</li>
 * </ul>
 * Stateless; handlers never block.
 */
public final class AlertRoutes implements ApiRoutes {
    private static final int DEFAULT_LIMIT = 100;
    /** The longest {@code by} of an ack (a name or an e-mail address). */
    static final int MAX_BY = 200;
    /** The longest ack comment: a note for the on-call colleague, not a document. */
    static final int MAX_COMMENT = 4000;

    private final AlertStore alerts;
    private final Clock clock;

    public AlertRoutes(AlertStore alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

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

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/alerts").handler(ctx -> {
            AlertQuery q = new AlertQuery(Requests.enumParam(ctx, "state", AlertState.class),
                    Requests.param(ctx, "rule"), Requests.param(ctx, "tenant"), Requests.param(ctx, "pair"),
                    Requests.instant(ctx, "since"), Requests.instant(ctx, "until"), Requests.limit(ctx, DEFAULT_LIMIT));
            boolean history = Requests.flag(ctx, "history");
            endpoints.respond(ctx, () -> views(alerts.search(q), history));
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
        return views(List.of(acked), false).getFirst();
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
