package io.cpimon.server;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps the command running until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes the given closeables in the
 * given order; a failure to close one is printed and the next is still closed. SIGHUP is the caller's to handle
 * ({@link HangupSignal}).
 */
final class ShutdownHook {
    private ShutdownHook() {}

    /** Blocks the calling thread until the JVM shuts down and {@code closeables} are closed. */
    static void await(AutoCloseable... closeables) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
