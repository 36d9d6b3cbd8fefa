package io.cpimon.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many failed login attempts ({@code POST /api/v1/session} with a wrong token) one remote address may make:
 * {@code limit} per {@code window}, counted in fixed windows that start with an address's first failure. Once an
 * address used up its failures, every attempt, right or wrong, is refused with the seconds until the window ends
 * ({@code Retry-After}), so guessing tokens stays slow; successful logins do not count, so a team behind one address
 * (an office's NAT, a proxy) can all log in. Thread-safe; the windows of quiet addresses are dropped as they expire.
 */
public final class LoginRateLimit {
    /** Ten failed attempts per minute and address. */
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
     * Whether {@code address} may attempt a login now; does not count anything.
     * @return 0 when it may, else the whole seconds (at least 1) until it may try again
     */
    long attempt(String address) {
        Instant now = clock.instant();
        Window w = windows.get(address);
        if (w == null || !now.isBefore(w.start().plus(window)) || w.attempts() < limit) {
            return 0;
        }
        long millis = Duration.between(now, w.start().plus(window)).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** Counts a failed attempt of {@code address}. */
    void failed(String address) {
        Instant now = clock.instant();
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
        }
        windows.compute(address, (a, old) -> old == null || !now.isBefore(old.start().plus(window))
                ? new Window(now, 1) : new Window(old.start(), old.attempts() + 1));
    }
}
