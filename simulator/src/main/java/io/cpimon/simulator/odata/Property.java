package io.cpimon.simulator.odata;

import java.util.function.Function;

/**
 * A filterable/sortable property of an entity type: its OData type and how to read it.
 * Values: {@link String} for STRING, {@link java.time.Instant} for DATETIME, {@link Long} for INT,
 * {@link Boolean} for BOOLEAN; null allowed.
 */
public record Property<T>(String name, Type type, Function<T, Object> reader) {
    public enum Type { STRING, DATETIME, INT, BOOLEAN }

    public static <T> Property<T> string(String name, Function<T, Object> reader) {
        return new Property<>(name, Type.STRING, reader);
    }

    public static <T> Property<T> datetime(String name, Function<T, Object> reader) {
        return new Property<>(name, Type.DATETIME, reader);
    }
}
