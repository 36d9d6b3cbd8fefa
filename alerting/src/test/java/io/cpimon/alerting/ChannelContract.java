package io.cpimon.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every channel passes against a real peer on loopback (STYLE.md §4): a notification is
 * delivered and recorded by the peer; the peer's status decides delivered / retry (with its Retry-After) /
 * failed by one table; an unreachable peer is a retry; no secret appears in an outcome, a log line or a
 * payload the peer received.
 */
abstract class ChannelContract {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static Simulator sim;
    static Vertx vertx;
    static WebClient client;
    private LogCapture logs;

    @BeforeAll
    static void startPeers() {
        sim = Simulator.start(SimClock.system());
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(2_000));
    }

    @AfterAll
    static void stopPeers() {
        client.close();
        vertx.close().await();
        sim.close();
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

    /** Makes the peer answer {@code status} (with {@code Retry-After} when given) until {@link #peerHealthy()}. */
    protected abstract void peerFails(int status, Duration retryAfter);

    /** Whether the peer can be told to answer a given HTTP status (SMTP cannot). */
    protected boolean answersHttpStatus() {
        return true;
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

    static GroupNotice notice(String status) {
        Instant now = Instant.now();
        AlertNotice n = new AlertNotice(7L, "0123456789abcdef", "tenant_down", status,
                Map.of("rule", "tenant_down", "tenant", "prd-weu", "severity", "critical"),
                Map.of("summary", "Tenant prd-weu is down", "description", "2 of the last 2 probes failed",
                        "alternateWebLink", "https://prd-weu.example/shell/monitoring/Messages/"),
                now.minusSeconds(60).toString(), "resolved".equals(status) ? now.toString() : null, "http://localhost:8080/");
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

    static Stream<Arguments> statuses() {
        return Stream.of(
                argumentSet("400 bad request → failed", 400, null, Delivery.Failed.class, null),
                argumentSet("401 unauthorized → failed", 401, null, Delivery.Failed.class, null),
                argumentSet("403 forbidden → failed", 403, null, Delivery.Failed.class, null),
                argumentSet("404 unknown → failed", 404, null, Delivery.Failed.class, null),
                argumentSet("408 timeout → retry", 408, null, Delivery.Retry.class, null),
                argumentSet("429 with Retry-After 7 → retry after 7 s", 429, Duration.ofSeconds(7), Delivery.Retry.class,
                        Duration.ofSeconds(7)),
                argumentSet("429 without Retry-After → retry", 429, null, Delivery.Retry.class, null),
                argumentSet("500 → retry", 500, null, Delivery.Retry.class, null),
                argumentSet("503 with Retry-After 30 → retry after 30 s", 503, Duration.ofSeconds(30), Delivery.Retry.class,
                        Duration.ofSeconds(30)));
    }

    @ParameterizedTest
    @MethodSource("statuses")
    void send_peerAnswersStatus_classifiedByTheTable(int status, Duration retryAfter, Class<? extends Delivery> expected,
                                                      Duration expectedRetryAfter) {
        assumeTrue(answersHttpStatus(), "the peer cannot answer HTTP statuses");
        assertThat(channel().send(notice("firing"))).isInstanceOf(Delivery.Delivered.class); // warm up tokens
        peerFails(status, retryAfter);

        Delivery d = channel().send(notice("firing"));

        assertThat(d).isInstanceOf(expected);
        if (d instanceof Delivery.Retry r) {
            assertThat(r.retryAfter()).isEqualTo(expectedRetryAfter);
        }
        assertThat(reason(d)).contains(Integer.toString(status));
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
