package io.cpimon.forward;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How a forwarder waits: between polls when idle, and between attempts when its peer fails (the backoff).
 * {@link #REAL_TIME} parks the forwarder's thread; a test passes one that moves a simulated clock instead, so that an
 * outage of minutes with the production backoff runs in seconds. Implementations are called from the forwarder's own
 * thread only and must return early once {@code cancelled} says so.
 */
@FunctionalInterface
public interface Pacer {

    /** Waits {@code wait}, or less once {@code cancelled} is true (the forwarder closes and unparks its thread). */
    void pause(Duration wait, BooleanSupplier cancelled);

    /** Parks the calling thread for the wait, on the JVM's monotonic clock. */
    Pacer REAL_TIME = (wait, cancelled) -> {
        long until = System.nanoTime() + wait.toNanos();
        while (!cancelled.getAsBoolean() && System.nanoTime() < until) {
            LockSupport.parkNanos(Pacer.class, until - System.nanoTime());
        }
    };
}
