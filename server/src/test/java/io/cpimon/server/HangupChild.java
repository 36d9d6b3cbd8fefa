package io.cpimon.server;

/** A child JVM for {@link HangupSignalIT}: runs until stopped, like {@code cpimon run}, and says when it is ready. */
final class HangupChild {
    private HangupChild() {}

    public static void main(String[] args) throws Exception {
        HangupSignal.ignore();
        System.out.println("ready");
        System.out.flush();
        ShutdownHook.await(() -> System.out.println("closed"));
    }
}
