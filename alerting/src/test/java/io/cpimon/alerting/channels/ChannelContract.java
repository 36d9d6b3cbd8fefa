package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.testing.AlertingFixtures;
import io.cpimon.simulator.Simulator;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract every channel passes against a real peer on loopback: a notification is
 * delivered and recorded by the peer; an unreachable peer is a retry; no secret appears in an outcome, a log line or a
 * payload the peer received. HTTP channels also pass {@link HttpChannelContract}'s status table.
 */
abstract class ChannelContract {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    @RegisterExtension
    static final ChannelPeers peers = new ChannelPeers();
    static Simulator sim;
    static Vertx vertx;
    static WebClient client;
    private LogCapture logs;

    @BeforeAll
    static void usePeers() {
        sim = peers.sim();
        vertx = peers.vertx();
        client = peers.client();
    }

    @BeforeEach
    void captureLogs() {
        logs = new LogCapture();
    }

    @AfterEach
    void noSecretInLogs() {
        try {
            for (String secret : secrets()) {
                assertThat(logs.lines()).noneMatch(l -> l.contains(secret));
            }
        } finally {
            logs.close();
            peerHealthy();
        }
    }

    private Channel channel;

    /** A new channel under test, pointed at its peer. */
    protected abstract Channel newChannel();

    /** The test's channel (one per test, so tokens and connections are reused as in production). */
    protected Channel channel() {
        if (channel == null) {
            channel = newChannel();
        }
        return channel;
    }

    protected abstract void peerDown();

    /** Normal answers, listening, recordings kept. */
    protected abstract void peerHealthy();

    /** How many notifications the peer accepted and recorded so far. */
    protected abstract int received();

    /** Everything the peer received as payloads (bodies, mails), to search for secrets. */
    protected abstract List<String> payloads();

    /** The configured secrets (passwords, signed URLs' signatures, client secrets). */
    protected abstract List<String> secrets();

    /** One alert episode's start for every notice, so a firing and its resolution sent a second apart match. */
    private static final Instant EPISODE_START = Instant.now().minusSeconds(60);

    static GroupNotice notice(String status) {
        Instant now = Instant.now();
        AlertNotice n = AlertingFixtures.notice("0123456789abcdef").alertId(7L).rule("tenant_down")
                .labels(Map.of("rule", "tenant_down", "tenant", "prd-weu", "severity", "critical"))
                .annotations(Map.of("summary", "Tenant prd-weu is down", "description", "2 of the last 2 probes failed",
                        "alternateWebLink", "https://prd-weu.example/shell/monitoring/Messages/"))
                .startedAt(EPISODE_START).status(status, now).dashboardUrl("http://localhost:8080/").build();
        return GroupNotice.single(n, CHANNEL, "firing".equals(status) ? "first notification" : "all alerts resolved", now);
    }

    static final String CHANNEL = "under-test";

    @Test
    void send_healthyPeer_isDeliveredAndRecorded() {
        int before = received();

        Delivery d = channel().send(notice("firing"));

        assertThat(d).isInstanceOf(Delivery.Delivered.class);
        assertThat(received()).isEqualTo(before + 1);
    }

    @Test
    void send_peerDown_isRetryWithoutSecret() {
        channel().send(notice("firing")); // warm up tokens and connections
        peerDown();

        Delivery d = channel().send(notice("firing"));

        assertThat(d).isInstanceOf(Delivery.Retry.class);
        assertNoSecret(reason(d));
    }

    @Test
    void send_firingThenResolved_payloadsCarryNoSecret() {
        assertThat(channel().send(notice("firing"))).isInstanceOf(Delivery.Delivered.class);
        assertThat(channel().send(notice("resolved"))).isInstanceOf(Delivery.Delivered.class);

        for (String payload : payloads()) {
            assertNoSecret(payload);
        }
        assertThat(payloads()).isNotEmpty();
    }

    static String reason(Delivery d) {
        return switch (d) {
            case Delivery.Retry r -> r.reason();
            case Delivery.Failed f -> f.reason();
            case Delivery.Delivered x -> String.valueOf(x.externalRef());
        };
    }

    void assertNoSecret(String text) {
        for (String secret : secrets()) {
            assertThat(text).doesNotContain(secret);
        }
    }
}
