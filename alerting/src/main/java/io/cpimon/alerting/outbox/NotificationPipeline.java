package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.Channel;
import io.cpimon.db.AlertStore;
import io.cpimon.db.NotificationLogStore;
import io.cpimon.db.NotificationStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * The stages of one group flush, in order (Alertmanager's {@code PipelineBuilder}). Inhibition and silences have
 * already muted alerts when they were planned, so the outbox only holds what is to be told. Not thread-safe (the
 * rate limiter): owned by one dispatcher thread.
 */
final class NotificationPipeline {
    private final List<NotificationStage> stages;

    NotificationPipeline(List<NotificationStage> stages) {
        this.stages = List.copyOf(stages);
    }

    /** @param dashboardUrl nullable: linked from notifications */
    static NotificationPipeline of(NotificationStore outbox, NotificationLogStore log, AlertStore alerts,
                                   Map<String, Channel> channels, Clock clock, Dispatcher.Policy policy,
                                   RateLimiter limiter, String dashboardUrl) {
        DeadLetters dead = new DeadLetters(outbox);
        return new NotificationPipeline(List.of(
                new ChannelStage(channels.keySet(), dead),  // no such channel: dead
                new GroupStage(log),                        // what the channel was told, what the rows tell
                new AckStage(alerts),                       // a repeat leaves acknowledged alerts out
                new DedupStage(outbox),                     // nothing new: rows suppressed
                new GroupIntervalStage(outbox),             // held until groupInterval after the last send
                new RateLimitStage(limiter, outbox),        // held until the channel's budget allows
                new SendStage(channels, clock, dashboardUrl),
                new RecordStage(log, outbox),               // delivered: log entry, rows sent
                new RetryStage(outbox, policy),             // retry: backoff, or too old: failed
                new DeadStage(dead)));                      // failed: rows dead, copied to the fallback
    }

    /** Runs the flush through the stages until one finishes it; its log lines carry the channel (MDC). */
    void run(Flush flush) {
        Optional<Flush> current = Optional.of(flush);
        try (MDC.MDCCloseable ignored = MDC.putCloseable("channel", flush.channel())) {
            for (NotificationStage stage : stages) {
                current = stage.apply(current.get());
                if (current.isEmpty()) {
                    return;
                }
            }
        }
        throw new IllegalStateException("no stage finished the flush of " + flush.groupKey() + " to "
                + flush.channel());
    }
}
