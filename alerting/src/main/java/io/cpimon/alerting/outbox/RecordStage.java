package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.AlertNotice;
import io.cpimon.alerting.channels.Delivery;
import io.cpimon.alerting.channels.GroupNotice;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationLogEntry;
import io.cpimon.db.NotificationLogStore;
import io.cpimon.db.NotificationStore;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the peer accepted: writes the notification log entry (what the channel now knows fires, the episode, the
 * peer's reference), then marks the rows sent, so that a crash in between repeats at most this notification. The
 * channel answers again, so its other rows waiting out a retry backoff are made due now.
 */
final class RecordStage implements NotificationStage {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final NotificationLogStore log;
    private final NotificationStore outbox;

    RecordStage(NotificationLogStore log, NotificationStore outbox) {
        this.log = log;
        this.outbox = outbox;
    }

    @Override
    public Optional<Flush> apply(Flush f) {
        if (!(f.delivery() instanceof Delivery.Delivered d)) {
            return Optional.of(f);
        }
        GroupNotice notice = f.notice();
        GroupDedup.Decision decision = f.decision();
        String ref = d.externalRef() != null ? d.externalRef() : notice.previousRef();
        Instant episodeStart = decision.firing().isEmpty() ? null : notice.episodeStart();
        log.put(new NotificationLogEntry(f.groupKey().toString(), f.channel(), AlertNotice.toJson(decision.firing()),
                episodeStart, d.note() == null ? decision.reason().text() : decision.reason().text() + " (" + d.note() + ")",
                f.answeredAt(), ref));
        for (Notification n : f.rows()) {
            outbox.markSent(n.id(), f.answeredAt(), d.externalRef());
        }
        LOG.info("{} → {}: {} ({} firing, {} resolved, {} row(s)){}", f.groupKey(), f.channel(), decision.reason().text(),
                notice.firing().size(), notice.resolved().size(), f.rows().size(), d.note() == null ? "" : "; " + d.note());
        int woken = outbox.wakeRetries(f.channel(), f.answeredAt());
        if (woken > 0) {
            LOG.info("{} answers again: {} waiting row(s) due now", f.channel(), woken);
        }
        return Optional.empty();
    }
}
