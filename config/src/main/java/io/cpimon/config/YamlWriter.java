package io.cpimon.config;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The printing primitives of the effective configuration: indented YAML lines and scalars that read back as the
 * same values. A {@link Secret} prints as {@code <secret>} and a comment naming its source, never its value.
 * Depth is in steps of two spaces. One instance per printout; not thread-safe.
 */
public final class YamlWriter {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9 _./@:+%?&=,()*<>-]*");
    private static final Pattern LOOKS_TYPED = Pattern.compile("(?i)null|~|true|false|yes|no|on|off|y|n"
            + "|[-+]?(\\d[\\d_]*)?\\.?\\d*(e[-+]?\\d+)?|0x[0-9a-f]+|0o[0-7]+|\\.inf|\\.nan");

    private final StringBuilder out = new StringBuilder();

    YamlWriter() {}

    /** {@code key: value} (or any text) at the given depth. */
    public void line(int depth, String text) {
        out.append("  ".repeat(depth)).append(text).append('\n');
    }

    /** The first line of a list element: {@code - key: value}. */
    public void item(int depth, String text) {
        out.append("  ".repeat(depth - 1)).append("  - ").append(text).append('\n');
    }

    /** The key of a list; {@code key: []} when it is empty (its elements follow otherwise). */
    public void list(int depth, String key, Collection<?> items) {
        line(depth, key + ":" + (items.isEmpty() ? " []" : ""));
    }

    /** A map of strings, one entry a line; {@code key: {}} when it is empty. */
    public void map(int depth, String key, Map<String, String> values) {
        if (values.isEmpty()) {
            line(depth, key + ": {}");
            return;
        }
        line(depth, key + ":");
        for (var e : values.entrySet()) {
            line(depth + 1, str(e.getKey()) + ": " + str(e.getValue()));
        }
    }

    /** {@code user} and {@code password} of basic credentials. */
    public void basicAuth(int depth, CpimonConfig.BasicAuthConfig b) {
        line(depth, "user: " + str(b.user()));
        line(depth, "password: " + secret(b.password()));
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** {@code <secret>  # source}; {@code null} when absent. */
    public static String secret(Secret s) {
        return s == null ? "null" : "<secret>  # " + s.source();
    }

    public static String dur(Duration d) {
        return Durations.format(d);
    }

    public static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** A flow sequence such as {@code [a, "b c", 3]}. */
    public static String flow(Collection<?> values) {
        StringBuilder s = new StringBuilder("[");
        for (Object v : values) {
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(v instanceof String text ? str(text) : String.valueOf(v));
        }
        return s.append(']').toString();
    }

    /** A YAML scalar: plain when that reads back as the same string, double-quoted otherwise. */
    public static String str(String v) {
        if (v == null) {
            return "null";
        }
        if (PLAIN.matcher(v).matches() && !v.endsWith(" ") && !v.contains(": ") && !v.contains(" #")
                && !LOOKS_TYPED.matcher(v).matches()) {
            return v;
        }
        StringBuilder s = new StringBuilder("\"");
        for (char ch : v.toCharArray()) {
            switch (ch) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                default -> {
                    if (ch < 0x20) {
                        s.append(String.format("\\x%02x", (int) ch));
                    } else {
                        s.append(ch);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
