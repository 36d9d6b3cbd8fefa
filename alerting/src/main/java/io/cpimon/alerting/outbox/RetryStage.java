package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.Delivery;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A retry is due after the policy's backoff (with jitter, at least the peer's Retry-After), logged only when the
 * error changes; rows older than the policy's {@code maxAge} fail instead.
 */
final class RetryStage implements NotificationStage {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final NotificationStore outbox;
    private final Dispatcher.Policy policy;

    RetryStage(NotificationStore outbox, Dispatcher.Policy policy) {
        this.outbox = outbox;
        this.policy = policy;
    }

    @Override
    public Optional<Flush> apply(Flush f) {
        if (!(f.delivery() instanceof Delivery.Retry r)) {
            return Optional.of(f);
        }
        Instant now = f.answeredAt();
        Instant oldest = f.rows().stream().map(Notification::createdAt).min(Comparator.naturalOrder()).orElse(now);
        int attempts = f.rows().stream().mapToInt(Notification::attempts).max().orElse(1);
        if (!now.isBefore(oldest.plus(policy.maxAge()))) {
            String reason = "gave up after " + attempts + " attempts over " + policy.maxAge() + ": " + r.reason();
            return Optional.of(f.withAnswer(f.notice(), new Delivery.Failed(reason), now));
        }
        Duration delay = policy.backoff().delay(attempts, r.retryAfter());
        String previous = f.rows().get(0).lastError();
        for (Notification n : f.rows()) {
            outbox.markRetry(n.id(), now.plus(delay), r.reason());
        }
        if (previous == null || !previous.equals(r.reason())) {
            LOG.warn("{} → {}: {} (retry in {})", f.groupKey(), f.channel(), r.reason(), delay);
        }
        return Optional.empty();
    }
}
