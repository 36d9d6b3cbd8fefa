package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.Delivery;
import java.util.Optional;

/** A failure that trying again cannot help: the rows are dead and go to the route's fallback channel. */
final class DeadStage implements NotificationStage {
    private final DeadLetters dead;

    DeadStage(DeadLetters dead) {
        this.dead = dead;
    }

    @Override
    public Optional<Flush> apply(Flush f) {
        if (!(f.delivery() instanceof Delivery.Failed failed)) {
            return Optional.of(f);
        }
        dead.bury(f, f.answeredAt(), failed.reason());
        return Optional.empty();
    }
}
