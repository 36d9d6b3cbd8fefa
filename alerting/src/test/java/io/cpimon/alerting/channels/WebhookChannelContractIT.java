package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.Secret;
import io.cpimon.simulator.peers.PeerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ChannelContract} for the Alertmanager-v4 webhook, with Basic auth. */
class WebhookChannelContractIT extends HttpChannelContract {
    static final String PASSWORD = "wh-canary-7f3a";

    @BeforeEach
    void requireAuth() {
        sim.webhook().requireAuthorization("Basic " + Base64.getEncoder()
                .encodeToString(("cpimon:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    protected Channel newChannel() {
        return new WebhookChannel(new WebhookChannelConfig(CHANNEL, Secret.of(sim.webhook().url()),
                new CpimonConfig.BasicAuthConfig("cpimon", Secret.of(PASSWORD))), client, TIMEOUT);
    }

    @Override
    protected void peerFails(int status, Duration retryAfter) {
        sim.webhook().failWith(status, retryAfter);
    }

    @Override
    protected void peerDown() {
        sim.webhook().down();
    }

    @Override
    protected void peerHealthy() {
        sim.webhook().failWith(0);
        sim.webhook().up();
    }

    @Override
    protected int received() {
        return sim.webhook().received().size();
    }

    @Override
    protected List<String> payloads() {
        return sim.webhook().requests().stream().map(PeerRequest::bodyAsString).toList();
    }

    @Override
    protected List<String> secrets() {
        return List.of(PASSWORD);
    }

    @Test
    void send_firing_isAlertmanagerV4Message() {
        int before = received();
        channel().send(notice("firing"));

        JsonObject m = sim.webhook().received().get(before);
        assertThat(m.getString("version")).isEqualTo("4");
        assertThat(m.getString("status")).isEqualTo("firing");
        assertThat(m.getString("receiver")).isEqualTo(CHANNEL);
        assertThat(m.getString("notification_reason")).isEqualTo("first notification");
        assertThat(m.getJsonObject("commonLabels").getString("tenant")).isEqualTo("prd-weu");
        JsonObject alert = m.getJsonArray("alerts").getJsonObject(0);
        assertThat(alert.getString("fingerprint")).isEqualTo("0123456789abcdef");
        assertThat(alert.getString("endsAt")).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(alert.getJsonObject("labels").getString("rule")).isEqualTo("tenant_down");
    }

    @Test
    void send_firing_messageIsTheDefaultTextWithAckAndSilenceLinks() {
        int before = received();
        channel().send(notice("firing"));

        String message = sim.webhook().received().get(before).getString("message");
        assertThat(message).startsWith("[FIRING] Tenant prd-weu is down")
                .contains("Acknowledge: http://localhost:8080/alerts/7?do=ack")
                .contains("Silence: http://localhost:8080/alerts/7?do=silence")
                .contains("Open in CPI: https://prd-weu.example/shell/monitoring/Messages/");
    }

    @Test
    void send_userTemplate_isTheMessageBesideTheV4Fields() {
        Channel c = new WebhookChannel(new WebhookChannelConfig(CHANNEL, Secret.of(sim.webhook().url()),
                new CpimonConfig.BasicAuthConfig("cpimon", Secret.of(PASSWORD)),
                new TemplateConfig("{{status}}:{{#alerts}} {{iflow}}{{tenant}} {{links.silence}}{{/alerts}}", null)),
                client, TIMEOUT);
        int before = received();

        assertThat(c.send(notice("firing"))).isEqualTo(new Delivery.Delivered(null));

        JsonObject m = sim.webhook().received().get(before);
        assertThat(m.getString("message")).isEqualTo("firing: prd-weu http://localhost:8080/alerts/7?do=silence");
        assertThat(m.getString("version")).isEqualTo("4");
    }
}
