package io.cpimon.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in cpimon.yaml, in the style of Prometheus: {@code 500ms}, {@code 10s},
 * {@code 5m}, {@code 24h}, {@code 90d}, {@code 2w}, {@code 1y} (365 days), or compound from the
 * largest unit to the smallest, like {@code 1h30m}. A bare number is rejected: the unit is never guessed.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final Duration[] SIZES = {
        Duration.ofDays(365), Duration.ofDays(7), Duration.ofDays(1), Duration.ofHours(1),
        Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMillis(1)};

    private Durations() {}

    /**
     * @throws IllegalArgumentException with a message that can follow "invalid duration 'x': "
     */
    public static Duration parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty (use a unit: 10s)");
        }
        if (text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("a number needs a unit (use a unit: " + text + "s)");
        }
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int pos = 0;
        int lastUnit = -1;
        while (pos < text.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("expected a number followed by ms, s, m, h, d, w or y, e.g. 10s or 1h30m");
            }
            int unit = unitIndex(m.group(2));
            if (unit <= lastUnit) {
                throw new IllegalArgumentException("units must go from the largest to the smallest, each once, e.g. 1h30m");
            }
            lastUnit = unit;
            try {
                total = total.plus(SIZES[unit].multipliedBy(Long.parseLong(m.group(1))));
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("too large");
            }
            pos = m.end();
        }
        return total;
    }

    /**
     * Text that {@link #parse} reads back as the same duration (to the millisecond), with days as the
     * largest unit: {@code 1h30m}, {@code 90d}, {@code 0s}.
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        StringBuilder s = new StringBuilder();
        Duration rest = d.truncatedTo(ChronoUnit.MILLIS);
        for (int i = 2; i < UNITS.length; i++) { // from days: 90d reads better than 12w6d
            long n = rest.dividedBy(SIZES[i]);
            if (n > 0) {
                s.append(n).append(UNITS[i]);
                rest = rest.minus(SIZES[i].multipliedBy(n));
            }
        }
        return s.isEmpty() ? "0s" : s.toString();
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalStateException(unit);
    }
}
