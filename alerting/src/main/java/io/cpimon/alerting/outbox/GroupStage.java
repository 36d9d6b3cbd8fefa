package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.AlertNotice;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationLogEntry;
import io.cpimon.db.NotificationLogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gathers the group: what the notification log says the channel was last told is firing, and the claimed rows'
 * notices (a row planned before its alert had an id gets the id the row knows).
 */
final class GroupStage implements NotificationStage {
    private final NotificationLogStore log;

    GroupStage(NotificationLogStore log) {
        this.log = log;
    }

    @Override
    public Optional<Flush> apply(Flush f) {
        NotificationLogEntry last = log.get(f.groupKey().toString(), f.channel()).orElse(null);
        List<AlertNotice> told = last == null ? List.of() : AlertNotice.listFromJson(last.firingJson());
        List<AlertNotice> notices = new ArrayList<>();
        for (Notification n : f.rows()) {
            AlertNotice notice = AlertNotice.fromJson(n.payloadJson());
            notices.add(notice.alertId() == null && n.alertId() != null ? notice.withAlertId(n.alertId()) : notice);
        }
        return Optional.of(f.withGroup(last, told, notices));
    }
}
