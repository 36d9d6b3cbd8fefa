package io.cpimon.alerting;

import io.cpimon.db.ChangeNotifier;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationStore;
import io.cpimon.runtime.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox (STYLE.md §2): claims due rows (SKIP LOCKED, with a lease, so a crash mid-send
 * only delays a row), lets the channel make one attempt, and records the outcome: sent only after the
 * peer accepted; retries with exponential backoff, jitter and the peer's Retry-After; dead after
 * {@code maxAge} or a permanent failure. Delivery is at least once. Blocking; one virtual thread.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** @param lease how long a claimed row stays invisible to other dispatchers */
    public record Policy(Duration maxAge, Backoff backoff, Duration lease, int batch) {
        public static Policy defaults() {
            return new Policy(Duration.ofHours(24), Backoff.of(Duration.ofSeconds(2), Duration.ofMinutes(10)), Duration.ofMinutes(2), 20);
        }
    }

    private final NotificationStore outbox;
    private final Map<String, Channel> channels;
    private final Clock clock;
    private final Policy policy;
    private final ChangeNotifier notifier;

    public Dispatcher(NotificationStore outbox, Map<String, Channel> channels, Clock clock, Policy policy, ChangeNotifier notifier) {
        this.outbox = outbox;
        this.channels = Map.copyOf(channels);
        this.clock = clock;
        this.policy = policy;
        this.notifier = notifier;
    }

    /** Sends what is due now; returns how many rows it handled (0: nothing was due). */
    public int dispatchOnce() {
        List<Notification> due = outbox.claimDue(clock.instant(), policy.batch(), policy.lease());
        for (Notification n : due) {
            deliver(n);
        }
        if (!due.isEmpty()) {
            notifier.changed("notification", null);
        }
        return due.size();
    }

    private void deliver(Notification n) {
        Channel channel = channels.get(n.channel());
        Delivery result;
        if (channel == null) {
            result = new Delivery.Failed("no channel named '" + n.channel() + "' is configured");
        } else {
            try {
                result = channel.send(AlertNotice.fromJson(n.payloadJson()));
            } catch (Exception e) {
                result = new Delivery.Retry(n.channel() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), null);
            }
        }
        Instant now = clock.instant();
        switch (result) {
            case Delivery.Delivered d -> {
                outbox.markSent(n.id(), now, d.externalRef());
                LOG.info("notification {} sent to {} (attempt {})", n.id(), n.channel(), n.attempts());
            }
            case Delivery.Failed f -> {
                outbox.markDead(n.id(), now, f.reason());
                LOG.warn("notification {} to {} is dead: {}", n.id(), n.channel(), f.reason());
            }
            case Delivery.Retry r -> {
                if (!now.isBefore(n.createdAt().plus(policy.maxAge()))) {
                    outbox.markDead(n.id(), now, "gave up after " + n.attempts() + " attempts over " + policy.maxAge() + ": " + r.reason());
                    LOG.warn("notification {} to {} is dead after {} attempts: {}", n.id(), n.channel(), n.attempts(), r.reason());
                } else {
                    Duration delay = policy.backoff().delay(n.attempts(), r.retryAfter());
                    outbox.markRetry(n.id(), now.plus(delay), r.reason());
                    if (n.lastError() == null || !n.lastError().equals(r.reason())) {
                        LOG.warn("notification {} to {}: {} (retry in {})", n.id(), n.channel(), r.reason(), delay);
                    }
                }
            }
        }
    }
}
