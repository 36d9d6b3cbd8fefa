package io.cpimon.core;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process path from the probes to the probe rules: every probe publishes each result (tenant id and whether it
 * was up) once it is stored, and every subscriber (the alerting side) is told at once on the publishing thread, so
 * that a result that changes what a probe rule sees is judged at once. Subscribers must not block: they only note the
 * result and wake their own worker, which coalesces the events. A subscriber that throws is logged and the others are still told. Thread-safe.
 */
public final class ProbeEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeEvents.class);

    /** What a subscriber is told: one stored probe result. */
    public record ProbeEvent(String tenantId, boolean up) {}

    private final List<Consumer<ProbeEvent>> subscribers = new CopyOnWriteArrayList<>();

    /** Tells every subscriber; after the result was stored, so that what they read includes it. */
    public void publish(String tenantId, boolean up) {
        ProbeEvent event = new ProbeEvent(tenantId, up);
        for (Consumer<ProbeEvent> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("probe event subscriber failed: {}", e.toString());
            }
        }
    }

    /** A subscription; closing it removes its subscriber. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Adds a subscriber (must not block); closing the returned subscription removes it. */
    public Subscription subscribe(Consumer<ProbeEvent> subscriber) {
        Objects.requireNonNull(subscriber);
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
