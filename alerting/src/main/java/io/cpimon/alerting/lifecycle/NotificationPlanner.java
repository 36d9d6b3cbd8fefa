package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.channels.AlertNotice;
import io.cpimon.alerting.channels.NoticeStatus;
import io.cpimon.config.CpimonConfig.RouteConfig;
import io.cpimon.db.Alert;
import io.cpimon.db.NewNotification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns an alert's change into or out of FIRING into outbox rows, written by the caller in the transaction
 * of the change (transactional outbox): one row per channel of every matching route, carrying the route's
 * group key. When a row is due decides the grouping: a firing alert waits {@code groupWait} so that its
 * group's followers join the same notification, unless its severity is in the route's {@code firstAtOnce}
 * (an outage is told at once); a resolved alert is due at once (the outbox dispatcher holds it back
 * until the group's {@code groupInterval} unless it resolves the whole group). The dedup key (fingerprint,
 * status, episode start, channel) makes a replayed transition enqueue nothing new. Immutable; thread-safe.
 */
public final class NotificationPlanner {
    private final Router router;
    private final String dashboardUrl;

    /** @param dashboardUrl nullable */
    public NotificationPlanner(Router router, String dashboardUrl) {
        this.router = router;
        this.dashboardUrl = dashboardUrl;
    }

    /**
     * @param alert the alert as it will be after the change (its id may be 0 before it is inserted)
     * @param status {@link NoticeStatus#FIRING} or {@link NoticeStatus#RESOLVED}
     */
    public List<NewNotification> plan(Alert alert, NoticeStatus status, Instant now) {
        Long alertId = alert.id() == 0 ? null : alert.id();
        AlertNotice notice = new AlertNotice(alertId, alert.fingerprint(), alert.rule(), status, alert.labels(),
                alert.annotations(), alert.activeAt(), status == NoticeStatus.RESOLVED ? now : null, dashboardUrl);
        String payload = notice.toJson();
        List<NewNotification> out = new ArrayList<>();
        Set<String> channels = new LinkedHashSet<>();
        for (Router.Match match : router.match(alert.labels())) {
            Instant due = dueAt(match.route(), alert, status, now);
            for (String channel : match.route().channels()) {
                if (channels.add(channel)) {
                    String dedupKey = alert.fingerprint() + ":" + status.text() + ":" + alert.activeAt().toEpochMilli()
                            + ":" + channel;
                    out.add(new NewNotification(alert.id() == 0 ? null : alert.id(), channel, dedupKey,
                            match.groupKey(alert.labels()), payload, due));
                }
            }
        }
        return out;
    }

    static Instant dueAt(RouteConfig route, Alert alert, NoticeStatus status, Instant now) {
        if (status != NoticeStatus.FIRING) {
            return now;
        }
        String severity = alert.labels().get("severity");
        if (severity != null && route.firstAtOnce() != null && route.firstAtOnce().contains(severity)) {
            return now;
        }
        return now.plus(route.groupWait());
    }
}
