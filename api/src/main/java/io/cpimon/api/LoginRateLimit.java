package io.cpimon.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many login attempts ({@code POST /api/v1/session}) one remote address may make: {@code limit} per
 * {@code window}, counted in fixed windows that start with an address's first attempt. An attempt over the limit is
 * refused with the seconds until the window ends ({@code Retry-After}). Every attempt counts, right or wrong, so that
 * guessing tokens stays slow. Thread-safe; the windows of quiet addresses are dropped as they expire.
 */
public final class LoginRateLimit {
    /** Ten attempts per minute and address. */
    public static final int DEFAULT_LIMIT = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    private static final int PRUNE_ABOVE = 10_000;

    private record Window(Instant start, int attempts) {}

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public LoginRateLimit(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Counts an attempt of {@code address}.
     * @return 0 when it may go on, else the whole seconds (at least 1) until it may try again
     */
    long attempt(String address) {
        Instant now = clock.instant();
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
        }
        Window w = windows.compute(address, (a, old) -> old == null || !now.isBefore(old.start().plus(window))
                ? new Window(now, 1) : new Window(old.start(), old.attempts() + 1));
        if (w.attempts() <= limit) {
            return 0;
        }
        long millis = Duration.between(now, w.start().plus(window)).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
