package io.cpimon.alerting.actions;

import io.cpimon.core.Backoff;
import io.cpimon.core.Lifecycle;
import io.cpimon.core.PeriodicWorker;
import java.time.Duration;

/**
 * The component "actions": runs {@link ActionService#tick()} every {@code interval} (at least a second) on its own
 * virtual thread, apart
 * from the rule evaluator, so a slow action peer never delays an evaluation. Start and close from one thread.
 */
public final class ActionWorker implements Lifecycle {
    /** Actions wait minutes (re-check, approval, retries): ticking faster than this only loads the database. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final ActionService service;
    private final Duration interval;
    private PeriodicWorker worker;

    public ActionWorker(ActionService service, Duration interval) {
        this.service = service;
        this.interval = interval.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : interval;
    }

    @Override
    public String name() {
        return "actions";
    }

    @Override
    public synchronized void start() {
        worker = new PeriodicWorker("actions", interval, Backoff.of(interval, Duration.ofMinutes(1)), service::tick)
                .start();
    }

    @Override
    public synchronized void close() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }
}
