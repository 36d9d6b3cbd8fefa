package io.cpimon.api.routes;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Paging;
import io.cpimon.api.Requests;
import io.cpimon.db.Keyset;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationState;
import io.cpimon.db.NotificationStore;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notification outbox, dead rows included:
 * <ul>
 * <li>{@code GET /api/v1/notifications?state&channel&since&until&limit&before}: newest first (creation time), paged
 * as {@link Paging} says, each with its payload as JSON and links to the alert(s) it is about</li>
 * <li>{@code POST /api/v1/notifications/{id}/retry} (operator): a DEAD row is sent again (PENDING, due now, attempts
 * counted afresh); 409 for any other state</li>
 * <li>{@code POST /api/v1/notifications/{id}/discard} (operator): a DEAD or PENDING row is deleted; 409 when it was
 * sent</li>
 * </ul>
 * 404 for an unknown id. Stateless; handlers never block.
 */
public final class NotificationRoutes implements ApiRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_NAME = 200;
    private static final Set<String> PARAMETERS = Set.of("state", "channel", "since", "until", "limit", "before");
    private static final String ALERTS = "/api/v1/alerts/";

    private final NotificationStore notifications;
    private final Clock clock;

    public NotificationRoutes(NotificationStore notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * An outbox row as the API shows it.
     * @param alertIds the alerts it is about (the row's and its payload's), empty for a repeat or a test card
     * @param alerts the same as API links ({@code /api/v1/alerts/{id}})
     * @param payload what the channel is told, as JSON
     * @param lastError nullable; @param sentAt nullable; @param externalRef nullable; @param deadAt nullable
     */
    public record NotificationView(long id, List<Long> alertIds, List<String> alerts, String channel, String dedupKey,
                                   String groupKey, @JsonRawValue String payload, NotificationState state,
                                   int attempts, Instant createdAt, Instant nextAttemptAt, String lastError,
                                   Instant sentAt, String externalRef, Instant deadAt) {
        static NotificationView of(Notification n) {
            List<Long> ids = alertIds(n);
            return new NotificationView(n.id(), ids, ids.stream().map(id -> ALERTS + id).toList(), n.channel(),
                    n.dedupKey(), n.groupKey(), n.payloadJson(), n.state(), n.attempts(), n.createdAt(),
                    n.nextAttemptAt(), n.lastError(), n.sentAt(), n.externalRef(), n.deadAt());
        }

        private static List<Long> alertIds(Notification n) {
            List<Long> ids = new ArrayList<>();
            if (n.alertId() != null) {
                ids.add(n.alertId());
            }
            try {
                if (new JsonObject(n.payloadJson()).getValue("alertId") instanceof Number id
                        && !ids.contains(id.longValue())) {
                    ids.add(id.longValue());
                }
            } catch (DecodeException | ClassCastException notAnObject) {
                // a payload that is not a notice names no alert
            }
            return ids;
        }
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/notifications").handler(ctx -> {
            Requests.onlyParams(ctx, PARAMETERS);
            NotificationState state = Requests.enumParam(ctx, "state", NotificationState.class);
            String channel = Requests.text(ctx, "channel", MAX_NAME);
            Paging.Window w = Paging.window(ctx, DEFAULT_LIMIT);
            endpoints.call(() -> notifications.list(state, channel, w.since(), w.until(), w.before(), w.limit())
                            .stream().map(NotificationView::of).toList())
                    .onSuccess(page -> Paging.respond(ctx, w, page, n -> new Keyset(n.createdAt(), n.id())))
                    .onFailure(ctx::fail);
        });
        router.post("/api/v1/notifications/:id/retry").handler(ctx -> {
            long id = Requests.longPath(ctx, "id");
            endpoints.respond(ctx, () -> retry(id));
        });
        router.post("/api/v1/notifications/:id/discard").handler(ctx -> {
            long id = Requests.longPath(ctx, "id");
            endpoints.respond(ctx, () -> discard(id));
        });
    }

    private Notification existing(long id) {
        return notifications.get(id).orElseThrow(() -> Endpoints.notFound("no notification " + id));
    }

    private NotificationView retry(long id) {
        Notification n = existing(id);
        if (!notifications.retry(id, clock.instant())) {
            throw Endpoints.problem(409, "notification " + id + " is " + n.state()
                    + "; only a DEAD notification can be retried");
        }
        return NotificationView.of(existing(id));
    }

    private Map<String, Object> discard(long id) {
        Notification n = existing(id);
        if (!notifications.discard(id)) {
            throw Endpoints.problem(409, "notification " + id + " is " + n.state()
                    + "; only a DEAD or PENDING notification can be discarded");
        }
        return Map.of("id", id, "discarded", true);
    }
}
