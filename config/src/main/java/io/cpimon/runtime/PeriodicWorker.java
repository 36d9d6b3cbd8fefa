package io.cpimon.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one blocking task of one tenant again and again on its own virtual thread: after a success it
 * waits the interval, after a failure the {@link Backoff} (honouring a {@link RetryHint}). One worker's
 * slowness or failure therefore never delays another (one tenant never delays another). Logs only when
 * the outcome changes.
 */
public final class PeriodicWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicWorker.class);
    /** After e.g. rejected credentials ({@link RetryHint#pauseLong()}): retrying fast would only lock the account. */
    static final Duration LONG_PAUSE = Duration.ofMinutes(5);

    private final String name;
    private final Duration interval;
    private final Backoff backoff;
    private final Runnable task;
    private volatile boolean closed;
    private volatile Thread thread;
    private int failures;
    private String lastError;

    public PeriodicWorker(String name, Duration interval, Backoff backoff, Runnable task) {
        this.name = name;
        this.interval = interval;
        this.backoff = backoff;
        this.task = task;
    }

    public PeriodicWorker start() {
        thread = Thread.ofVirtual().name(name).start(this::loop);
        return this;
    }

    private void loop() {
        while (!closed) {
            Duration delay = runOnce();
            long until = System.nanoTime() + delay.toNanos();
            while (!closed && System.nanoTime() < until) {
                LockSupport.parkNanos(this, until - System.nanoTime());
            }
        }
    }

    /** Runs the task once and returns how long to wait before the next run. */
    Duration runOnce() {
        try {
            task.run();
            if (failures > 0) {
                LOG.info("{}: recovered after {} failed attempt(s)", name, failures);
            }
            failures = 0;
            lastError = null;
            return interval;
        } catch (Exception e) { // Exception, not RuntimeException: Future.await() rethrows checked causes as they are
            failures++;
            if (e instanceof RetryHint hint) {
                logFailure(e.getMessage());
                if (hint.pauseLong()) {
                    return LONG_PAUSE.compareTo(interval) > 0 ? LONG_PAUSE : interval;
                }
                return backoff.delay(failures, hint.retryAfter());
            }
            logFailure(e.getClass().getSimpleName() + ": " + e.getMessage());
            return backoff.delay(failures, null);
        }
    }

    private void logFailure(String error) {
        if (!Objects.equals(error, lastError)) {
            LOG.warn("{}: {}", name, error);
            lastError = error;
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            t.interrupt();
        }
    }
}
