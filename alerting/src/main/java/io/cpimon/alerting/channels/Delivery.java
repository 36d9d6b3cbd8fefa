package io.cpimon.alerting.channels;

import java.time.Duration;

/** The outcome of one attempt of a {@link Channel}: the dispatcher alone decides what follows. */
public sealed interface Delivery {

    /**
     * The peer accepted it.
     *
     * @param externalRef nullable: the peer's id for it (incident sys_id, Message-ID, Slack message)
     * @param note nullable: what went wrong on the way without stopping it (a user's template that failed, so the
     *     default one was sent), kept in the notification log
     */
    record Delivered(String externalRef, String note) implements Delivery {
        public Delivered(String externalRef) {
            this(externalRef, null);
        }
    }

    /** Worth trying again. @param retryAfter nullable: the peer's Retry-After */
    record Retry(String reason, Duration retryAfter) implements Delivery {}

    /** Trying again cannot help (bad request, unknown webhook, rejected credentials). */
    record Failed(String reason) implements Delivery {}
}
