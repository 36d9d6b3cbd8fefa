package io.cpimon.alerting;

import io.cpimon.db.Alert;
import io.cpimon.db.NewNotification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns an alert's change into firing into or out of FIRING into outbox rows: one per channel of every matching route.
 * The dedup key (fingerprint, status, episode start, channel) makes a replayed transition enqueue nothing new.
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
     * @param status {@code firing} or {@code resolved}
     */
    public List<NewNotification> plan(Alert alert, String status, Instant now) {
        AlertNotice notice = new AlertNotice(alert.id() == 0 ? null : alert.id(), alert.fingerprint(), alert.rule(), status,
                alert.labels(), alert.annotations(), alert.activeAt().toString(),
                "resolved".equals(status) ? now.toString() : null, dashboardUrl);
        String payload = notice.toJson();
        List<NewNotification> out = new ArrayList<>();
        Set<String> channels = new LinkedHashSet<>();
        for (Router.Match match : router.match(alert.labels())) {
            for (String channel : match.route().channels()) {
                if (channels.add(channel)) {
                    String dedupKey = alert.fingerprint() + ":" + status + ":" + alert.activeAt().toEpochMilli() + ":" + channel;
                    out.add(new NewNotification(alert.id() == 0 ? null : alert.id(), channel, dedupKey,
                            match.groupKey(alert.labels()), payload, now));
                }
            }
        }
        return out;
    }
}
