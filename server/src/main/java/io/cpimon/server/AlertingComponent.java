package io.cpimon.server;

import io.cpimon.alerting.AlertingService;
import io.cpimon.core.Lifecycle;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The alerting service as a {@link Lifecycle} component. The service is built when the component starts, because it
 * needs what earlier components only know once started (the dashboard's URL with the API's port). Until then
 * {@link #service()} is empty. Start and close are synchronized; {@link #service()} and {@link #check()} may be called
 * from any thread.
 */
final class AlertingComponent implements Lifecycle {
    /** Guarded by {@code this}. */
    private Supplier<AlertingService> factory;
    private volatile AlertingService service;

    /** @param factory builds the (not yet started) service; called by {@link #start()} */
    AlertingComponent(Supplier<AlertingService> factory) {
        this.factory = factory;
    }

    @Override
    public String name() {
        return "alerting";
    }

    @Override
    public synchronized void start() {
        AlertingService s = factory.get();
        service = s;
        s.start();
    }

    @Override
    public Check check() {
        AlertingService s = service;
        return s == null ? Check.down("not started") : s.check();
    }

    /** The service once started, empty before. */
    Optional<AlertingService> service() {
        return Optional.ofNullable(service);
    }

    /** The started service, for calls that only make sense while it runs. */
    AlertingService running() {
        return service().orElseThrow(() -> new IllegalStateException("alerting has not started yet"));
    }

    /**
     * Replaces the running service with one from {@code next} (a reloaded configuration): the old one stops first,
     * so that two evaluators never write the same alerts; alert state lives in the database, so the new one carries
     * on where the old one stopped. Before {@link #start()} it only swaps the factory.
     * @throws RuntimeException when the new service does not start (then none runs: restart with the old factory)
     */
    synchronized void restart(Supplier<AlertingService> next) {
        AlertingService old = service;
        factory = next;
        if (old == null) {
            return;
        }
        service = null;
        old.close();
        start();
    }

    @Override
    public synchronized void close() {
        AlertingService s = service;
        if (s != null) {
            s.close();
        }
    }
}
