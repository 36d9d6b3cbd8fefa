package io.cpimon.simulator.scenario;

import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.peers.AzureMonitorPeer;
import io.cpimon.simulator.peers.ServiceNowPeer;
import io.cpimon.simulator.peers.SmtpPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Scenario and extra-peer wiring of the command line. */
public final class ScenarioLaunch {
    private ScenarioLaunch() {
    }

    public static void start(Simulator sim, String name, Duration phase, int port) {
        sim.scenario(name, phase, port);
    }

    /** Starts every peer and returns one line each (plus the admin API). */
    public static List<String> peerLines(Simulator sim) {
        List<String> lines = new ArrayList<>();
        ServiceNowPeer sn = sim.serviceNow();
        lines.add("peer=servicenow url=" + sn.instanceUrl() + " user='" + sn.user() + "' password='" + sn.password()
                + "' clientId='" + sn.clientId() + "' clientSecret='" + sn.clientSecret() + "'");
        AzureMonitorPeer az = sim.azureMonitor();
        lines.add("peer=azure-monitor endpoint=" + az.endpoint() + " tokenUrl=" + az.tokenUrl() + " dcr=" + az.dcrImmutableId()
                + " clientId='" + az.clientId() + "' clientSecret='" + az.clientSecret() + "' truststore=" + az.certificate().keystore()
                + " truststorePassword='" + az.certificate().password() + "'");
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
