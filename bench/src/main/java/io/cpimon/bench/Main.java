package io.cpimon.bench;

import java.util.Arrays;

/** {@code ./cpimon bench NAME}: runs one benchmark; each prints its figures and ends with one {@code RESULT k=v …} line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: cpimon bench NAME [options]   NAME: ingest, crash, fleet, rules, detect, retention,"
                    + " forward, dashboard, search (see bench/README.md)");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "ingest" -> IngestBench.run(rest);
            case "crash" -> CrashBench.run(rest);
            case "fleet" -> FleetBench.run(rest);
            case "rules" -> RulesBench.run(rest);
            case "detect" -> DetectBench.run(rest);
            case "retention" -> RetentionBench.run(rest);
            case "forward" -> ForwardBench.run(rest);
            case "dashboard" -> DashboardBench.run(rest);
            case "search" -> SearchBench.run(rest);
            case "ha" -> HaBench.run(rest);
            default -> {
                System.err.println("cpimon bench: unknown benchmark '" + args[0] + "'");
                System.exit(2);
            }
        }
    }
}
