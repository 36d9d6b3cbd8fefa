package io.cpimon.alerting.outbox;

import io.cpimon.db.NotificationStore;
import java.time.Instant;
import java.util.Optional;

/** Takes a permit of the channel's {@link RateLimiter}, or holds the rows until the next permit frees up. */
final class RateLimitStage implements NotificationStage {
    private final RateLimiter limiter;
    private final NotificationStore outbox;

    RateLimitStage(RateLimiter limiter, NotificationStore outbox) {
        this.limiter = limiter;
        this.outbox = outbox;
    }

    @Override
    public Optional<Flush> apply(Flush f) {
        Instant permit = limiter.acquire(f.channel(), f.claimedAt());
        if (permit == null) {
            return Optional.of(f);
        }
        f.rows().forEach(n -> outbox.postpone(n.id(), permit, null));
        return Optional.empty();
    }
}
