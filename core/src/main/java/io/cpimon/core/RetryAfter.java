package io.cpimon.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. The one parser of
 * cpimon: CPI pollers and channels wait what a peer asks, never less than zero and never more than {@link #MAX}.
 */
public final class RetryAfter {
    /** The longest wait any peer can impose; a longer value is capped, not ignored. */
    public static final Duration MAX = Duration.ofMinutes(30);

    private RetryAfter() {}

    /**
     * @param header nullable: the header's value
     * @param now the current time, for an HTTP-date
     * @return null when absent or unreadable; otherwise between zero and {@link #MAX}
     */
    public static Duration parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return clamp(Duration.ofSeconds(seconds));
        } catch (NumberFormatException ignored) {
            // an HTTP-date then
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
            return clamp(Duration.between(now, at.toInstant()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Azure's {@code retry-after-ms} (milliseconds) when it is readable, else {@link #parse(String, Instant)} of
     * {@code Retry-After}; the same bounds.
     * @param retryAfterMs nullable
     * @param retryAfter nullable
     */
    public static Duration parse(String retryAfterMs, String retryAfter, Instant now) {
        if (retryAfterMs != null && !retryAfterMs.isBlank()) {
            try {
                return clamp(Duration.ofMillis(Long.parseLong(retryAfterMs.trim())));
            } catch (NumberFormatException ignored) {
                // fall back to Retry-After
            }
        }
        return parse(retryAfter, now);
    }

    private static Duration clamp(Duration d) {
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
