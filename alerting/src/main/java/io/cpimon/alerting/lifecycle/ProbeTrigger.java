package io.cpimon.alerting.lifecycle;

import io.cpimon.core.ProbeEvents.ProbeEvent;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Decides which stored probe results wake the probe rules' evaluator: a failed probe, and every success while a
 * failure is still among the tenant's last {@code window} results (tenant_down's window, which failover judges by
 * too): exactly the results that can open, hold or resolve a probe rule's alert. A run of successes longer than the
 * window wakes nothing, so a healthy fleet costs no evaluations. A tenant not heard of yet counts as just failed: its
 * history is not known here. The wake itself is coalesced by the evaluator's worker. Thread-safe; never blocks.
 */
public final class ProbeTrigger implements Consumer<ProbeEvent> {
    private final int window;
    private final Runnable wake;
    /** Per tenant: the successes since its last failure, capped at window + 1. */
    private final ConcurrentMap<String, Integer> upSinceFailure = new ConcurrentHashMap<>();

    /** @param wake runs the probe rules' evaluation soon; must not block */
    public ProbeTrigger(int window, Runnable wake) {
        this.window = window;
        this.wake = wake;
    }

    @Override
    public void accept(ProbeEvent event) {
        int since;
        if (event.up()) {
            since = upSinceFailure.merge(event.tenantId(), 1, (a, b) -> Math.min(a + b, window + 1));
        } else {
            upSinceFailure.put(event.tenantId(), 0);
            since = 0;
        }
        if (wakes(event.up(), since, window)) {
            wake.run();
        }
    }

    /**
     * Whether a result may change what a probe rule sees.
     * @param upSinceFailure the successes since the tenant's last failure, this result included
     */
    static boolean wakes(boolean up, int upSinceFailure, int window) {
        return !up || upSinceFailure <= window;
    }
}
