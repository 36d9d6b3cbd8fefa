package io.cpimon.simulator;

import io.cpimon.simulator.peers.AzureMonitorPeer;
import io.cpimon.simulator.peers.ServiceNowPeer;
import io.cpimon.simulator.peers.SmtpPeer;
import io.cpimon.simulator.peers.TeamsPeer;
import io.cpimon.simulator.scenario.ScenarioRun;
import io.cpimon.simulator.tenant.Realism;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ./cpimon simulate} starts: N tenants (the first two paired as primary/DR), the channel
 * peers, live traffic (or a scenario) on the wall clock, and one printed line per tenant and peer.
 */
final class SimulatorLauncher {

    /** Parsed command line. {@code port} 0 = ephemeral ports. */
    public record Options(int tenants, int port, String scenario, Duration tick, Duration phase) {
        public Options {
            if (tenants < 1 || tenants > 50) {
                throw new IllegalArgumentException("--tenants must be 1..50");
            }
            if (port < 0 || port > 65000) {
                throw new IllegalArgumentException("--port must be 0..65000");
            }
        }

        public static Options parse(String... args) {
            int tenants = 3;
            int port = 0;
            String scenario = null;
            Duration tick = Duration.ofSeconds(1);
            Duration phase = Duration.ofMinutes(2);
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--tenants" -> tenants = Integer.parseInt(require(a, value));
                    case "--port" -> port = Integer.parseInt(require(a, value));
                    case "--scenario" -> scenario = require(a, value);
                    case "--tick-ms" -> tick = Duration.ofMillis(Long.parseLong(require(a, value)));
                    case "--phase-seconds" -> phase = Duration.ofSeconds(Long.parseLong(require(a, value)));
                    case "simulate" -> {
                        continue;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + " (usage: simulate [--tenants N] [--port P] [--scenario NAME] [--tick-ms MS]"
                            + " [--phase-seconds S])");
                }
                i++;
            }
            return new Options(tenants, port, scenario, tick, phase);
        }

        private static String require(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }

    static final List<String> DEFAULT_IDS = List.of("prd-weu", "prd-eus", "tst-weu", "dev-weu");

    private SimulatorLauncher() {
    }

    /** Starts everything {@code options} asks for on the wall clock and prints the access lines to {@code out}. */
    public static Simulator launch(Options options, PrintStream out) {
        Simulator sim = Simulator.start(SimClock.system());
        try {
            int next = options.port();
            List<SimulatedTenant> started = new ArrayList<>();
            if (options.scenario() == null) {
                for (int i = 0; i < options.tenants(); i++) {
                    String id = i < DEFAULT_IDS.size() ? DEFAULT_IDS.get(i) : "sim-" + (i + 1);
                    SimulatedTenant t = sim.addTenant(TenantSpec.of(id).withPort(next == 0 ? 0 : next++));
                    t.realism(Realism.FULL);
                    started.add(t);
                }
                if (started.size() >= 2) {
                    sim.pair(started.get(0).id(), started.get(1).id());
                }
                // one hour of history so a poller has something to read at once
                var now = sim.clock().now();
                sim.generate(now.minus(Duration.ofHours(1)), now);
            } else {
                sim.scenario(options.scenario(), options.phase(), next);
            }
            sim.startLiveTraffic(options.tick());
            for (SimulatedTenant t : sim.tenants()) {
                out.println(line(t));
            }
            TeamsPeer teams = sim.teams();
            out.println("peer=teams url=" + teams.url() + " legacyUrl=" + teams.legacyUrl());
            for (String extra : peerLines(sim)) {
                out.println(extra);
            }
            out.flush();
            return sim;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    /** The access line of one tenant. */
    public static String line(SimulatedTenant t) {
        return "tenant=" + t.id() + " api=" + t.apiUrl() + " token=" + t.tokenUrl() + " runtime=" + t.runtimeUrl()
                + " clientId='" + t.clientId() + "' clientSecret='" + t.clientSecret() + "' user='" + t.basicUser()
                + "' password='" + t.basicPassword() + "'";
    }

    /** Starts every other peer and returns one line each, the admin API's and the active scenario's timeline. */
    private static List<String> peerLines(Simulator sim) {
        List<String> lines = new ArrayList<>();
        ServiceNowPeer sn = sim.serviceNow();
        lines.add("peer=servicenow url=" + sn.instanceUrl() + " user='" + sn.user() + "' password='" + sn.password()
                + "' clientId='" + sn.clientId() + "' clientSecret='" + sn.clientSecret() + "'");
        AzureMonitorPeer az = sim.azureMonitor();
        lines.add("peer=azure-monitor endpoint=" + az.endpoint() + " tokenUrl=" + az.tokenUrl() + " dcr="
                + az.dcrImmutableId() + " clientId='" + az.clientId() + "' clientSecret='" + az.clientSecret()
                + "' truststore=" + az.certificate().keystore() + " truststorePassword='" + az.certificate().password()
                + "'");
        lines.add("peer=webhook url=" + sim.webhook().url());
        SmtpPeer smtp = sim.smtp();
        lines.add("peer=smtp host=" + smtp.host() + " port=" + smtp.port());
        lines.add("admin=" + sim.adminUrl());
        ScenarioRun run = sim.activeScenario();
        if (run != null) {
            for (ScenarioRun.TimelineEvent e : run.timeline()) {
                lines.add("scenario=" + run.name() + " at=+" + e.at() + " " + e.description());
            }
        }
        return lines;
    }
}
