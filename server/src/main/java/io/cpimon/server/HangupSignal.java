package io.cpimon.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP asks for a configuration reload (as it does of a proxy or a Prometheus) instead of stopping cpimon like
 * SIGTERM, the JVM's default. Installed once per process by the commands that run until stopped; each signal runs
 * the reload on a virtual thread of its own, so a slow reload never holds the JVM's signal dispatcher. Thread-safe.
 */
final class HangupSignal {
    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {}

    /**
     * Replaces the JVM's SIGHUP action; does nothing where the platform has no SIGHUP or the JVM was started with
     * {@code -Xrs} (the JVM then refuses to let the signal be handled, and says so in the log).
     */
    static void install(Runnable reload) {
        try {
            Signal.handle(new Signal("HUP"), signal -> Thread.ofVirtual().name("sighup").start(() -> {
                LOG.info("SIGHUP received: reloading the configuration");
                try {
                    reload.run();
                } catch (RuntimeException e) {
                    LOG.error("the reload asked for by SIGHUP failed", e);
                }
            }));
        } catch (IllegalArgumentException e) {
            LOG.info("SIGHUP cannot be handled here ({}): it stops cpimon like SIGTERM", e.getMessage());
        }
    }
}
