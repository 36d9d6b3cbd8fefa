package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.Secret;
import io.cpimon.simulator.peers.PeerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ChannelContract} for a Mattermost (Slack-compatible) incoming webhook. */
class MattermostChannelContractIT extends HttpChannelContract {

    @Override
    protected Channel newChannel() {
        return new MattermostChannel(new MattermostChannelConfig(CHANNEL, Secret.of(sim.mattermost().url()), null,
                "cpimon", null), client, TIMEOUT);
    }

    @Override
    protected void peerFails(int status, Duration retryAfter) {
        sim.mattermost().failWith(status, retryAfter);
    }

    @Override
    protected void peerDown() {
        sim.mattermost().down();
    }

    @Override
    protected void peerHealthy() {
        sim.mattermost().failWith(0);
        sim.mattermost().up();
    }

    @Override
    protected int received() {
        return sim.mattermost().received().size();
    }

    @Override
    protected List<String> payloads() {
        return sim.mattermost().requests().stream().map(PeerRequest::bodyAsString).toList();
    }

    @Override
    protected List<String> secrets() {
        return List.of(sim.mattermost().hookId());
    }

    private JsonObject lastAttachment() {
        List<JsonObject> received = sim.mattermost().received();
        return received.get(received.size() - 1).getJsonArray("attachments").getJsonObject(0);
    }

    @Test
    void send_firing_isColouredAttachmentWithMarkdownLinks() {
        channel().send(notice("firing"));

        JsonObject a = lastAttachment();
        assertThat(a.getString("color")).isEqualTo("#E01E5A");
        assertThat(a.getString("title")).isEqualTo("[FIRING] Tenant prd-weu is down");
        assertThat(a.getString("text")).contains("[Acknowledge](http://localhost:8080/alerts/7?do=ack)")
                .contains("[Silence](http://localhost:8080/alerts/7?do=silence)");
    }

    @Test
    void send_sixtyLongAlerts_fitsOnePost() {
        int before = sim.mattermost().posts().size();

        assertThat(channel().send(SlackChannelContractIT.storm(60, null))).isInstanceOf(Delivery.Delivered.class);

        assertThat(sim.mattermost().posts()).hasSize(before + 1);
        assertThat(lastAttachment().getString("text")).endsWith(MessageTemplate.CUT_MARK);
        assertThat(lastAttachment().encode().length()).isLessThanOrEqualTo(16_383);
    }

    @Test
    void send_unknownHook_isFailedWithMattermostsErrorId() {
        Channel gone = new MattermostChannel(new MattermostChannelConfig(CHANNEL,
                Secret.of(sim.mattermost().baseUrl() + "/hooks/deleted"), null, null, null), client, TIMEOUT);

        Delivery d = gone.send(notice("firing"));

        assertThat(d).isInstanceOf(Delivery.Failed.class);
        assertThat(reason(d)).contains("400").contains("web.incoming_webhook.invalid.app_error");
    }
}
