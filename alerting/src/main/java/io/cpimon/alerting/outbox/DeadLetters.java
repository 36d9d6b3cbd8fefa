package io.cpimon.alerting.outbox;

import io.cpimon.db.NewNotification;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a flush's rows dead and hands copies to the route's {@code fallback} channel (unless that is the channel
 * that failed); the copies' dedup keys make a second hand-over enqueue nothing. Blocking.
 */
final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final NotificationStore outbox;

    DeadLetters(NotificationStore outbox) {
        this.outbox = outbox;
    }

    void bury(Flush f, Instant now, String reason) {
        for (Notification n : f.rows()) {
            outbox.markDead(n.id(), now, reason);
        }
        LOG.warn("{} → {}: {} row(s) dead: {}", f.groupKey(), f.channel(), f.rows().size(), reason);
        String fallback = f.route() == null ? null : f.route().fallback();
        if (fallback != null && !fallback.equals(f.channel())) {
            List<NewNotification> copies = new ArrayList<>();
            for (Notification n : f.rows()) {
                copies.add(new NewNotification(n.alertId(), fallback, n.dedupKey() + ":fallback:" + fallback,
                        f.groupKey().toString(), n.payloadJson(), now));
            }
            int enqueued = outbox.enqueue(copies).size();
            LOG.warn("{}: {} dead row(s) handed to fallback channel {}", f.groupKey(), enqueued, fallback);
        }
    }
}
