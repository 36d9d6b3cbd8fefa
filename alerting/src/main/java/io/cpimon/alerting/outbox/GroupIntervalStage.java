package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.NotificationReason;
import io.cpimon.db.NotificationStore;
import java.time.Instant;
import java.util.Optional;

/**
 * Holds a group the channel was told about until {@code groupInterval} after its last send, so that followers
 * join one notification; a notification that everything resolved is not held.
 */
final class GroupIntervalStage implements NotificationStage {
    private final NotificationStore outbox;

    GroupIntervalStage(NotificationStore outbox) {
        this.outbox = outbox;
    }

    @Override
    public Optional<Flush> apply(Flush f) {
        if (!f.active() || f.decision().reason() == NotificationReason.ALL_RESOLVED) {
            return Optional.of(f);
        }
        Instant next = f.last().lastSentAt().plus(f.groupInterval());
        if (!f.claimedAt().isBefore(next)) {
            return Optional.of(f);
        }
        f.rows().forEach(n -> outbox.postpone(n.id(), next, null));
        return Optional.empty();
    }
}
