package io.cpimon.simulator.tenant;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A sequence of business keys (order numbers like {@code 4500000001}) shared by the tenants of a
 * {@link Simulator}, so both tenants of a pair can receive the same business message. Thread-safe.
 */
public final class BusinessKeySequence {
    private final AtomicLong next;

    public BusinessKeySequence(long start) {
        this.next = new AtomicLong(start);
    }

    public String next() {
        return Long.toString(next.getAndIncrement());
    }

    /** The key the next call to {@link #next()} will return. */
    public String peek() {
        return Long.toString(next.get());
    }
}
