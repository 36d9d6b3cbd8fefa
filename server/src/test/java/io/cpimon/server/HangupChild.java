package io.cpimon.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child JVM for {@link HangupSignalIT}: runs until stopped, like {@code cpimon run}, with a reload that says how
 * many times it ran, and says when it is ready.
 */
final class HangupChild {
    private HangupChild() {}

    public static void main(String[] args) throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        HangupSignal.install(() -> {
            System.out.println("reload " + reloads.incrementAndGet());
            System.out.flush();
        });
        System.out.println("ready");
        System.out.flush();
        ShutdownHook.await(() -> System.out.println("closed"));
    }
}
