package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-channel request budget over a sliding window (Teams: 4 requests per second per webhook,
 * docs/channels.md §1.2). Not thread-safe: owned by one dispatcher thread. Time comes from the caller.
 */
public final class RateLimiter {
    /** @param permits requests allowed per {@code window} */
    public record Limit(int permits, Duration window) {}

    private final Map<String, Limit> limits;
    private final Map<String, Deque<Instant>> sent = new HashMap<>();

    /** @param limits per channel name; channels without an entry are not limited */
    public RateLimiter(Map<String, Limit> limits) {
        this.limits = Map.copyOf(limits);
    }

    /**
     * The limits of these channels: Teams allows 4 requests per second per webhook (docs/channels.md §1.2), Slack
     * one message per second per webhook or channel (§8.4), Google Chat one per second per space (§9.2); the other
     * peers throttle with 429 themselves.
     */
    public static Map<String, Limit> limits(Map<String, Channel> channels) {
        Map<String, Limit> limits = new LinkedHashMap<>();
        channels.forEach((name, ch) -> {
            switch (ch.type()) {
                case "teams" -> limits.put(name, new Limit(4, Duration.ofSeconds(1)));
                case "slack", "googlechat" -> limits.put(name, new Limit(1, Duration.ofSeconds(1)));
                default -> { }
            }
        });
        return limits;
    }

    /** Takes a permit for {@code channel} at {@code now}, or answers when the next one frees up (null: taken). */
    public Instant acquire(String channel, Instant now) {
        Limit limit = limits.get(channel);
        if (limit == null) {
            return null;
        }
        Deque<Instant> times = sent.computeIfAbsent(channel, c -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().plus(limit.window()).isAfter(now)) {
            times.pollFirst();
        }
        if (times.size() >= limit.permits()) {
            return times.peekFirst().plus(limit.window());
        }
        times.addLast(now);
        return null;
    }
}
