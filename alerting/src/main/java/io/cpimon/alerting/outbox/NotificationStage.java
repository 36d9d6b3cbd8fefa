package io.cpimon.alerting.outbox;

import java.util.Optional;

/**
 * One step of a group flush (Alertmanager's {@code notify.Stage}). Blocking; called from the dispatcher's thread.
 */
@FunctionalInterface
interface NotificationStage {
    /** @return the flush to go on with, or empty when this stage finished it (sent, held back, suppressed, dead) */
    Optional<Flush> apply(Flush flush);
}
