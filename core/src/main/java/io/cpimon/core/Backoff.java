package io.cpimon.core;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter, capped: after the n-th consecutive failure wait
 * {@code min(cap, base · 2^(n-1))}, scaled by a random factor in [0.8, 1.2], and never less than the
 * peer's Retry-After.
 */
public record Backoff(Duration base, Duration cap, DoubleSupplier random) {

    public static Backoff of(Duration base, Duration cap) {
        return new Backoff(base, cap, Math::random);
    }

    /** @param failures consecutive failures, ≥ 1; @param retryAfter nullable */
    public Duration delay(int failures, Duration retryAfter) {
        int n = Math.max(1, Math.min(failures, 30));
        double millis = Math.min((double) cap.toMillis(), base.toMillis() * Math.pow(2, n - 1));
        long jittered = (long) (millis * (0.8 + 0.4 * random.getAsDouble()));
        Duration d = Duration.ofMillis(Math.max(1, jittered));
        return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
    }
}
