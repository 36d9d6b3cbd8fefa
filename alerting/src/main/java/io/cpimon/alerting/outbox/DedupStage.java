package io.cpimon.alerting.outbox;

import io.cpimon.db.Notification;
import io.cpimon.db.NotificationStore;
import java.util.Optional;

/**
 * Asks {@link GroupDedup} whether the channel learns anything new; when not, the rows are absorbed as sent with
 * {@code suppressed: <reason>} and nothing is sent.
 */
final class DedupStage implements NotificationStage {
    private final NotificationStore outbox;

    DedupStage(NotificationStore outbox) {
        this.outbox = outbox;
    }

    @Override
    public Optional<Flush> apply(Flush f) {
        GroupDedup.Decision decision = GroupDedup.decide(f.told(), f.notices(), f.acknowledged());
        if (decision.reason().sends()) {
            return Optional.of(f.withDecision(decision));
        }
        for (Notification n : f.rows()) {
            outbox.markSent(n.id(), f.claimedAt(), "suppressed: " + decision.reason().text());
        }
        return Optional.empty();
    }
}
