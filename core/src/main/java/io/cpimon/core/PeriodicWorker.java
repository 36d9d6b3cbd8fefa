package io.cpimon.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one blocking task of one tenant again and again on its own virtual thread. Successful runs keep a fixed
 * rate: the next run starts one interval after the previous one STARTED (at once when a run took longer), so a
 * poll's duration does not add to the data's age; after a failure the worker waits the whole {@link Backoff}
 * delay (honouring a {@link RetryHint}). An optional {@linkplain #phase(Duration) phase} places the worker in its
 * interval: the first run of every worker starts at once (fresh data at start-up), the second at {@code phase}
 * after it, and the following every interval, so the phases spread many tenants' runs over the interval instead
 * of letting them all fire in the same second, and no gap between two runs exceeds the interval. One worker's
 * slowness or failure never delays another (one tenant never delays another). Logs only when the outcome changes.
 * {@link #wake()} (from any thread) ends the current wait, e.g. the backoff of a tenant that is known to be back.
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
    private volatile boolean woken;
    private volatile Thread thread;
    private Duration phase = Duration.ZERO;
    private Duration firstDelay = Duration.ZERO;
    private final Map<String, String> mdc = new LinkedHashMap<>();
    private boolean ranOnce;
    private int failures;
    private String lastError;

    public PeriodicWorker(String name, Duration interval, Backoff backoff, Runnable task) {
        this.name = name;
        this.interval = interval;
        this.backoff = backoff;
        this.task = task;
    }

    /** Where in its interval the worker runs (0 ≤ phase &lt; interval): the second run starts at {@code phase} after the first. */
    public PeriodicWorker phase(Duration phase) {
        this.phase = Objects.requireNonNull(phase);
        return this;
    }

    /**
     * Delays the first run by {@code delay} (default 0: at once), so that many workers started together do not all run
     * in the same instant (a thousand tenants' first polls would queue for the database's connections and time out).
     * The second run starts at the {@linkplain #phase(Duration) phase} when the delay is shorter, else one interval
     * after the first, so no gap exceeds the interval. {@link #wake()} ends the delay early. Before {@link #start()}.
     */
    public PeriodicWorker firstRunAfter(Duration delay) {
        this.firstDelay = Objects.requireNonNull(delay);
        return this;
    }

    /**
     * Where in the interval the {@code index}-th of {@code count} workers of the same interval should run:
     * {@code interval × index / count}.
     */
    public static Duration spread(Duration interval, int index, int count) {
        return count <= 1 ? Duration.ZERO : interval.multipliedBy(index).dividedBy(count);
    }

    /** A field every log line of this worker's thread carries (MDC), e.g. its tenant. Before {@link #start()}. */
    public PeriodicWorker mdc(String key, String value) {
        mdc.put(key, value);
        return this;
    }

    public PeriodicWorker start() {
        Map<String, String> fields = Map.copyOf(mdc);
        thread = Thread.ofVirtual().name(name).start(() -> {
            fields.forEach(MDC::put);
            loop();
        });
        return this;
    }

    private void loop() {
        park(System.nanoTime() + firstDelay.toNanos());
        while (!closed) {
            long started = System.nanoTime();
            Duration delay = runOnce();
            if (!ranOnce) {
                ranOnce = true;
                // failures == 0: the run just made succeeded; the first run came firstDelay into the interval
                delay = afterFirstRun(failures == 0, delay, phase.minus(firstDelay));
            }
            Duration wait = waitAfter(failures == 0, delay, Duration.ofNanos(System.nanoTime() - started));
            park(System.nanoTime() + wait.toNanos());
        }
    }

    /** Waits until {@code until} (System.nanoTime), a {@link #wake()} or {@link #close()}. */
    private void park(long until) {
        while (!closed && !woken && System.nanoTime() < until) {
            LockSupport.parkNanos(this, until - System.nanoTime());
        }
        woken = false;
    }

    /**
     * The planned delay after the first run: a successful first run is followed by the next at {@code phase} after
     * its start (so that the worker joins its slot in the interval without ever waiting longer than one interval);
     * a phase of zero, or a failed first run, keeps the {@code planned} delay.
     */
    static Duration afterFirstRun(boolean succeeded, Duration planned, Duration phase) {
        return succeeded && phase.isPositive() ? phase : planned;
    }

    /**
     * How long to wait after a run that took {@code elapsed}: after a success the planned delay counts from the
     * run's start (fixed rate, never negative); after a failure the whole backoff delay counts from its end.
     */
    static Duration waitAfter(boolean succeeded, Duration planned, Duration elapsed) {
        if (!succeeded) {
            return planned;
        }
        Duration rest = planned.minus(elapsed);
        return rest.isNegative() ? Duration.ZERO : rest;
    }

    /** Runs the task once and returns the planned delay before the next run (see {@link #waitAfter}). */
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

    /**
     * Runs the task as soon as the current run (if any) ends instead of after the planned wait or backoff; the
     * failure count stays, so a failing run backs off further. Any thread; a no-op before {@link #start()}.
     */
    public void wake() {
        woken = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Stops the worker without cutting its current run short: waits up to {@code grace} for the run to end, then
     * interrupts it as {@link #close()} does. Blocking; returns once the worker's thread has ended or was interrupted.
     * @return whether the current run (if any) ended within {@code grace}
     */
    public boolean closeAfterRun(Duration grace) {
        closed = true;
        Thread t = thread;
        if (t == null) {
            return true;
        }
        LockSupport.unpark(t);
        try {
            if (t.join(grace)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        t.interrupt();
        return false;
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
