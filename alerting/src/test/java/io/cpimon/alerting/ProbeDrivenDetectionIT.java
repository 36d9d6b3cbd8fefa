package io.cpimon.alerting;

import static io.cpimon.alerting.testing.AlertingFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.alerting.channels.ChannelPeers;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.core.ProbeEvents;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.Database;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationState;
import io.cpimon.db.ProbeResult;
import io.cpimon.db.testing.FreshDatabase;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.peers.WebhookPeer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The way from a deciding probe to the channel's peer without an evaluation tick: the evaluation interval is an
 * hour, so after the first evaluation at start only probe events can evaluate the probe rules. On a settable clock
 * that only the test moves, the second failed probe of a tenant gets its tenant_down notification to the webhook
 * peer at once; a second tenant's outage in the same group waits for the group interval and then goes out as one
 * notification of both; further failed probes send nothing twice; the first success resolves at once.
 */
class ProbeDrivenDetectionIT {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @RegisterExtension
    static final ChannelPeers peers = new ChannelPeers();

    // a deadline, not a wait: generous for a loaded CI machine, met in well under a second on an idle one
    static final Duration DEADLINE = Duration.ofSeconds(30);

    SimClock clock;
    SimpleMeterRegistry meters;
    ProbeEvents probeEvents;
    AlertingService service;
    WebhookPeer hook;

    @BeforeEach
    void start() throws Exception {
        clock = SimClock.fixed(NOW);
        meters = new SimpleMeterRegistry();
        probeEvents = new ProbeEvents();
        hook = peers.sim().webhook();
        hook.up();
        hook.clear();
        service = new AlertingService(peers.vertx(), config(hook.url()), AlertingStores.of(database()), clock,
                ChangeNotifier.NOOP, null, meters, probeEvents);
        service.start();
        // the first evaluation runs at start; everything after it in this test is event-driven
        await().atMost(DEADLINE).until(() -> evaluations() >= 1);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void decidingProbe_notifiesAtOnce_followerWaitsForGroupInterval_nothingTwice() {
        probe("t1", false);
        clock.advance(Duration.ofSeconds(10));
        probe("t1", false);

        await().atMost(DEADLINE).until(() -> hook.received().size() == 1);
        JsonObject first = hook.received().get(0);
        assertThat(first.getString("status")).isEqualTo("firing");
        assertThat(tenants(first)).containsExactly("t1");

        clock.advance(Duration.ofSeconds(10));
        probe("t2", false);
        clock.advance(Duration.ofSeconds(10));
        probe("t2", false);
        // the follower joins the group: its row is held until the group interval after the first send
        await().atMost(DEADLINE).until(() -> pending().stream()
                .anyMatch(n -> n.nextAttemptAt().equals(NOW.plusSeconds(10).plus(Duration.ofMinutes(5)))));
        assertThat(firing()).extracting(a -> a.labels().get("tenant")).containsExactlyInAnyOrder("t1", "t2");
        assertThat(hook.received()).hasSize(1);

        clock.advance(Duration.ofMinutes(5));
        await().atMost(DEADLINE).until(() -> hook.received().size() == 2);
        assertThat(tenants(hook.received().get(1))).containsExactlyInAnyOrder("t1", "t2");

        long before = evaluations();
        clock.advance(Duration.ofSeconds(10));
        probe("t1", false);
        probe("t2", false);
        await().atMost(DEADLINE).until(() -> evaluations() > before);
        assertThat(pending()).isEmpty();
        assertThat(hook.received()).hasSize(2);
    }

    @Test
    void recoveringProbe_resolvesAtOnce() {
        probe("t1", false);
        probe("t1", false);
        await().atMost(DEADLINE).until(() -> hook.received().size() == 1);

        clock.advance(Duration.ofSeconds(10));
        probe("t1", true);
        await().atMost(DEADLINE).until(() -> hook.received().size() == 2);
        assertThat(hook.received().get(1).getString("status")).isEqualTo("resolved");
        assertThat(database().alerts().list(AlertState.RESOLVED, "tenant_down", "t1", 10)).hasSize(1);
        assertThat(firing()).isEmpty();
    }

    /** Stores a probe result and publishes it, as the tenant's probe does. */
    private void probe(String tenant, boolean up) {
        database().probes().record(new ProbeResult(tenant, clock.instant(), up, up ? 401 : 503, 3,
                up ? null : "HTTP 503 is not an up status [200, 401]"));
        probeEvents.publish(tenant, up);
    }

    private long evaluations() {
        return meters.find("cpimon.rule.evaluation.duration").tag("rule", "tenant_down").timers().stream()
                .mapToLong(t -> t.count()).sum();
    }

    private List<Notification> pending() {
        return database().notifications().list(NotificationState.PENDING, 100);
    }

    private List<Alert> firing() {
        return database().alerts().list(AlertState.FIRING, "tenant_down", null, 100);
    }

    private static List<String> tenants(JsonObject webhook) {
        return webhook.getJsonArray("alerts").stream().map(JsonObject.class::cast)
                .map(a -> a.getJsonObject("labels").getString("tenant")).toList();
    }

    private static Database database() {
        return db.get();
    }

    private static CpimonConfig config(String hookUrl) throws Exception {
        String yaml = """
                tenants:
                  - id: t1
                    api: { url: "http://127.0.0.1:1/api/v1", auth: { basic: { user: u, password: p } } }
                    probe: { url: "http://127.0.0.1:1/http/health", interval: 10s }
                  - id: t2
                    api: { url: "http://127.0.0.1:1/api/v1", auth: { basic: { user: u, password: p } } }
                    probe: { url: "http://127.0.0.1:1/http/health", interval: 10s }
                rules: { evaluationInterval: 1h, tenant_down: { failures: 2, window: 2 } }
                channels:
                  - { name: hook, type: webhook, url: "${env:HOOK}" }
                routes:
                  - { match: { rule: tenant_down }, groupBy: [rule], groupWait: 30s, groupInterval: 5m, channels: [hook] }
                """;
        return new ConfigLoader(Map.of("HOOK", hookUrl)::get, AlertingCatalogue.CONFIG).parse(yaml, "test.yaml");
    }
}
