package io.cpimon.simulator;

import java.util.concurrent.CountDownLatch;

/**
 * {@code ./cpimon simulate [--tenants N] [--port P] [--scenario NAME]}: starts simulated tenants and peers
 * on 127.0.0.1, prints one line per tenant (API URL, token URL, runtime URL, credentials) and runs live
 * traffic until killed. All logic lives in {@link SimulatorLauncher}.
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorLauncher.Options options;
        try {
            options = SimulatorLauncher.Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Simulator sim = SimulatorLauncher.launch(options, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "simulator-shutdown"));
        new CountDownLatch(1).await();
    }
}
