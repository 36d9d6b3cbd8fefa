package io.cpimon.core;

/**
 * A part of a running cpimon that is started, checked and closed: a store, the pollers, the evaluator, the
 * dispatchers, the HTTP server. The server starts its components in order and closes them in reverse; {@code /readyz}
 * reports every component's {@link #check()}.
 */
public interface Lifecycle extends AutoCloseable {
    /** A short, stable name shown by {@code /readyz} (e.g. {@code database}, {@code ingest}). */
    String name();

    /** Starts the component; returns when it is running. Blocking; fails by throwing. */
    void start() throws Exception;

    /** Whether the component works now; cheap, called on every {@code /readyz}. */
    default Check check() {
        return Check.UP;
    }

    /** Stops the component and frees what it holds; idempotent. */
    @Override
    void close();

    /**
     * The outcome of one {@link #check()}.
     * @param detail nullable: why it is down, or a short figure when up
     */
    record Check(boolean up, String detail) {
        public static final Check UP = new Check(true, null);

        public static Check down(String detail) {
            return new Check(false, detail);
        }
    }
}
