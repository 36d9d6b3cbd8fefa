package io.cpimon.forward;

import static io.cpimon.db.testing.MplRecords.mpl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.alerting.rules.BuiltInRules;
import io.cpimon.alerting.rules.ForwardFailedRule;
import io.cpimon.alerting.rules.ForwardLagRule;
import io.cpimon.alerting.rules.Rule;
import io.cpimon.config.AzureMonitorLogsForwarderConfig;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.Credential;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.CredentialKind;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.ForwarderConfig;
import io.cpimon.config.Secret;
import io.cpimon.db.Database;
import io.cpimon.db.MplStore;
import io.cpimon.db.testing.FreshDatabase;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.peers.AzureMonitorPeer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The forwarding rules on real forwarders: a forwarder whose credentials Microsoft Entra refuses stops, records why
 * on its cursor, and {@code forward_failed} (in alerting, which never sees the forwarders) fires from that record;
 * a restart with the right secret clears it.
 */
class ForwardAlertsIT {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final String YAML = """
            tenants:
              - { id: t1, name: Primary, api: { url: "https://t1.example.com/api/v1", auth: { basic: { user: u, password: p } } },
                  probe: { url: "https://t1-rt.example.com/http/health" } }
            """;

    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();
    static Simulator sim;
    static AzureMonitorPeer azure;

    @BeforeAll
    static void startSimulator() {
        sim = Simulator.start(SimClock.system());
        azure = sim.azureMonitor();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    static AzureMonitorLogsForwarderConfig law(String secret) {
        return new AzureMonitorLogsForwarderConfig("law", URI.create(azure.endpoint()), azure.dcrImmutableId(),
                ForwardingIT.STREAM, new Credential(CredentialKind.CLIENT_SECRET, azure.tenantId(), azure.clientId(),
                        Secret.of(secret), URI.create(azure.authorityHost())),
                List.of(), List.of(), ForwarderConfig.DEFAULT_BATCH_BYTES, 0, ForwarderConfig.DEFAULT_MAX_LAG);
    }

    static CpimonConfig config(ForwarderConfig forwarder) throws Exception {
        CpimonConfig base = new ConfigLoader(name -> null, AlertingCatalogue.CONFIG).parse(YAML, "test.yaml");
        return new CpimonConfig(base.server(), base.database(), base.retention(), base.tenants(), base.pairs(),
                base.rules(), base.channels(), base.routes(), List.of(forwarder));
    }

    static List<AlertInstance> evaluate(CpimonConfig config, String rule) {
        Database d = db.get();
        Rule r = BuiltInRules.of(config, d.probes(), d.cursors(), d.ruleQueries(), d.alerts()).stream()
                .filter(x -> x.name().equals(rule)).findFirst().orElseThrow();
        return r.evaluate(Instant.now());
    }

    static ForwarderSet start(CpimonConfig config) {
        ForwarderSet set = ForwarderSet.of(config.forwarding(), db.get().forwarding(),
                azure.certificate().sslContext(), "it", Clock.systemUTC(), Duration.ofMillis(50));
        set.start();
        return set;
    }

    @Test
    void refusedCredentials_stopTheForwarder_forwardFailedFires_restartWithTheRightSecretResolves() throws Exception {
        db.get().mpls().upsertPage("t1", List.of(mpl("t1", "a", "FAILED", T0), mpl("t1", "b", "COMPLETED", T0)),
                new MplStore.CursorAdvance("mpl", T0, T0));
        CpimonConfig wrong = config(law("wrong-secret"));
        try (ForwarderSet set = start(wrong)) {
            await().atMost(ForwardingIT.WAIT).until(() -> set.statuses().get(0).stopped() != null);
        }

        List<AlertInstance> failed = evaluate(wrong, ForwardFailedRule.NAME);
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).labels()).containsEntry("forwarder", "law")
                .containsEntry("type", "azure-monitor-logs");
        assertThat(failed.get(0).annotations().get("description")).contains("refused");
        assertThat(evaluate(wrong, ForwardLagRule.NAME)).as("a stopped forwarder is forward_failed's").isEmpty();

        CpimonConfig right = config(law(azure.clientSecret()));
        try (ForwarderSet set = start(right)) {
            await().atMost(ForwardingIT.WAIT).until(() -> set.statuses().get(0).lagRows() == 0);
            assertThat(evaluate(right, ForwardFailedRule.NAME)).isEmpty();
            assertThat(evaluate(right, ForwardLagRule.NAME)).isEmpty();
        }
    }
}
