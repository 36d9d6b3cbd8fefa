package io.cpimon.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Keeps SIGHUP from stopping cpimon: the JVM's default treats it like SIGTERM, but operators send it to ask for a
 * reload (as to a proxy or a Prometheus), and cpimon cannot reload its configuration yet, so it logs that and keeps
 * running. Installed once per process by the commands that run until stopped; thread-safe.
 */
final class HangupSignal {
    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {}

    /**
     * Replaces the JVM's SIGHUP action; does nothing where the platform has no SIGHUP or the JVM was started with
     * {@code -Xrs} (the JVM then refuses to let the signal be handled, and says so in the log).
     */
    static void ignore() {
        try {
            Signal.handle(new Signal("HUP"), signal -> LOG.warn("SIGHUP received: reloading the configuration is not"
                    + " supported yet; cpimon keeps running with the configuration it started with (restart it to"
                    + " apply a new one)"));
        } catch (IllegalArgumentException e) {
            LOG.info("SIGHUP cannot be handled here ({}): it stops cpimon like SIGTERM", e.getMessage());
        }
    }
}
