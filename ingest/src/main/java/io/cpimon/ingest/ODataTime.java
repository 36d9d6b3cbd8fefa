package io.cpimon.ingest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPI's two time formats: {@code /Date(ms)/} in payloads, {@code datetime'…'} (UTC, no zone) in filters. */
public final class ODataTime {
    private static final Pattern DATE = Pattern.compile("/Date\\((-?\\d+)([+-]\\d{4})?\\)/");
    private static final DateTimeFormatter LITERAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private ODataTime() {}

    /** {@code datetime'2025-12-15T08:00:00.000'} — CPI reads it as UTC and rejects zone suffixes. */
    public static String literal(Instant t) {
        return "datetime'" + LITERAL.format(t) + "'";
    }

    /** @return the instant of a {@code /Date(ms)/} value (an offset suffix is ignored: ms are UTC), or null if it is not one */
    public static Instant parseDate(String value) {
        Matcher m = DATE.matcher(value);
        if (!m.matches()) {
            return null;
        }
        return Instant.ofEpochMilli(Long.parseLong(m.group(1)));
    }
}
