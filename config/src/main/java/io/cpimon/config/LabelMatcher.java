package io.cpimon.config;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher with Alertmanager semantics: {@code =}, {@code !=}, {@code =~}, {@code !~}; regular
 * expressions are anchored (match the whole value); an absent label has the value "". Immutable, thread-safe.
 * Written as {@code name="value"}, {@code name=~"a|b"} (quotes optional).
 */
public final class LabelMatcher {
    public enum Op {
        EQ("="), NE("!="), RE("=~"), NRE("!~");

        public final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown matcher operator '" + symbol + "' (use =, !=, =~ or !~)");
        }
    }

    private static final Pattern SYNTAX = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

    private final String name;
    private final Op op;
    private final String value;
    private final Pattern regex;

    /** @throws IllegalArgumentException for a blank name or an invalid regular expression */
    public LabelMatcher(String name, Op op, String value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a matcher needs a label name");
        }
        this.name = name;
        this.op = Objects.requireNonNull(op, "op");
        this.value = value == null ? "" : value;
        if (op == Op.RE || op == Op.NRE) {
            try {
                this.regex = Pattern.compile(this.value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression '" + this.value + "': " + e.getDescription());
            }
        } else {
            this.regex = null;
        }
    }

    /**
     * Parses {@code name<op>"value"} (quotes optional when the value has none and does not start with {@code =},
     * {@code !} or {@code ~}). @throws IllegalArgumentException with a message fit for the user
     */
    public static LabelMatcher parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid matcher '" + text + "' (use name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\")");
        }
        String v = m.group(3);
        boolean quoted = v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"");
        if (quoted) {
            v = v.substring(1, v.length() - 1);
        }
        // a quote inside the value, or an operator character right after the operator ("tenant==dev"), is a typo
        // that would otherwise silently become part of the value
        if (v.contains("\"") || !quoted && !v.isEmpty() && "=!~".indexOf(v.charAt(0)) >= 0) {
            throw new IllegalArgumentException("invalid matcher '" + text + "': the value after '" + m.group(2)
                    + "' is malformed (use name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\")");
        }
        return new LabelMatcher(m.group(1), Op.of(m.group(2)), v);
    }

    public String name() {
        return name;
    }

    public Op op() {
        return op;
    }

    public String value() {
        return value;
    }

    public boolean matches(Map<String, String> labels) {
        String v = labels.getOrDefault(name, "");
        return switch (op) {
            case EQ -> v.equals(value);
            case NE -> !v.equals(value);
            case RE -> regex.matcher(v).matches();
            case NRE -> !regex.matcher(v).matches();
        };
    }

    /** Whether every matcher matches (an empty list matches everything). */
    public static boolean all(Iterable<LabelMatcher> matchers, Map<String, String> labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher other && name.equals(other.name) && op == other.op && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }

    /** {@code name=~"value"}: parseable by {@link #parse}. */
    @Override
    public String toString() {
        return name + op.symbol + "\"" + value + "\"";
    }
}
