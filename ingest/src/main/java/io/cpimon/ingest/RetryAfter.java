package io.cpimon.ingest;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses an HTTP {@code Retry-After} header: delta-seconds or an HTTP-date. */
final class RetryAfter {
    private static final Duration MAX = Duration.ofMinutes(30);

    private RetryAfter() {}

    /** @return null when absent or unreadable; never negative; capped at 30 minutes */
    static Duration parse(String header) {
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
            return clamp(Duration.between(java.time.Instant.now(), at.toInstant()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration clamp(Duration d) {
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
