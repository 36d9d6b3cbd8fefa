package io.cpimon.config;

import java.util.Objects;

/**
 * A secret value resolved from {@code ${env:NAME}}, {@code ${file:PATH}} or written inline.
 * {@link #toString()} never reveals it; call {@link #reveal()} only where the value goes on the wire.
 */
public final class Secret {
    private final String value;
    private final String source;

    private Secret(String value, String source) {
        this.value = Objects.requireNonNull(value, "value");
        this.source = source;
    }

    /** @param source where it came from, e.g. {@code env:WEU_SECRET}; shown instead of the value */
    public static Secret of(String value, String source) {
        return new Secret(value, source);
    }

    public static Secret of(String value) {
        return new Secret(value, "inline");
    }

    public String reveal() {
        return value;
    }

    /** Where the value came from ({@code env:NAME}, {@code file:/path}, {@code inline}); never the value. */
    public String source() {
        return source;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "<secret>";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
