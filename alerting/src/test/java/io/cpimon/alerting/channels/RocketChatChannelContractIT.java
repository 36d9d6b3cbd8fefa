package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.Secret;
import io.cpimon.simulator.peers.PeerRequest;
import io.cpimon.simulator.peers.RocketChatPeer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ChannelContract} for the {@code mattermost} channel against a Rocket.Chat incoming webhook (§10.1). */
class RocketChatChannelContractIT extends HttpChannelContract {

    @Override
    protected Channel newChannel() {
        return new MattermostChannel(new MattermostChannelConfig(CHANNEL, Secret.of(sim.rocketChat().url()), null,
                null, null), client, TIMEOUT);
    }

    @Override
    protected void peerFails(int status, Duration retryAfter) {
        sim.rocketChat().failWith(status, retryAfter);
    }

    @Override
    protected void peerDown() {
        sim.rocketChat().down();
    }

    @Override
    protected void peerHealthy() {
        sim.rocketChat().failWith(0);
        sim.rocketChat().up();
    }

    @Override
    protected int received() {
        return sim.rocketChat().posts().size();
    }

    @Override
    protected List<String> payloads() {
        return sim.rocketChat().requests().stream().map(PeerRequest::bodyAsString).toList();
    }

    @Override
    protected List<String> secrets() {
        return List.of(sim.rocketChat().token());
    }

    private JsonObject lastAttachment() {
        List<RocketChatPeer.Post> posts = sim.rocketChat().posts();
        return posts.get(posts.size() - 1).body().getJsonArray("attachments").getJsonObject(0);
    }

    @Test
    void send_firingThenResolved_passRocketChatsValidationWithLinksBack() {
        assertThat(channel().send(notice("firing"))).isInstanceOf(Delivery.Delivered.class);
        JsonObject firing = lastAttachment();
        assertThat(channel().send(notice("resolved"))).isInstanceOf(Delivery.Delivered.class);

        assertThat(firing.getString("color")).isEqualTo("#E01E5A");
        assertThat(firing.getString("title_link")).isEqualTo("http://localhost:8080/");
        assertThat(firing.getString("text")).contains("[Acknowledge](http://localhost:8080/alerts/7?do=ack)")
                .contains("[Silence](http://localhost:8080/alerts/7?do=silence)");
        assertThat(lastAttachment().getString("title")).startsWith("[RESOLVED]");
        assertThat(sim.rocketChat().rejected()).isEmpty();
    }

    @Test
    void send_channelOverrideTheIntegrationRefuses_isFailedWithRocketChatsError() {
        sim.rocketChat().allowChannelOverride(false);
        Channel overriding = new MattermostChannel(new MattermostChannelConfig(CHANNEL, Secret.of(sim.rocketChat().url()),
                "#ops", null, null), client, TIMEOUT);

        Delivery d = overriding.send(notice("firing"));

        assertThat(d).isInstanceOf(Delivery.Failed.class);
        assertThat(reason(d)).contains("400").contains("overriding destination channel is disabled for this integration");
        assertNoSecret(reason(d));
    }

    @Test
    void send_channelOverrideTheIntegrationAllows_isDelivered() {
        sim.rocketChat().allowChannelOverride(true);
        Channel overriding = new MattermostChannel(new MattermostChannelConfig(CHANNEL, Secret.of(sim.rocketChat().url()),
                "#ops", null, null), client, TIMEOUT);

        assertThat(overriding.send(notice("firing"))).isInstanceOf(Delivery.Delivered.class);
        List<RocketChatPeer.Post> posts = sim.rocketChat().posts();
        assertThat(posts.get(posts.size() - 1).body().getString("channel")).isEqualTo("#ops");
        sim.rocketChat().allowChannelOverride(false);
    }

    @Test
    void send_sixtyLongAlerts_isOneValidMessage() {
        int before = sim.rocketChat().posts().size();

        assertThat(channel().send(SlackChannelContractIT.storm(60, null))).isInstanceOf(Delivery.Delivered.class);

        assertThat(sim.rocketChat().posts()).hasSize(before + 1);
        assertThat(lastAttachment().getString("text")).contains("Flow_0 failed <5> times & more");
    }

    @Test
    void send_unknownToken_isFailedWithoutTheUrl() {
        Channel gone = new MattermostChannel(new MattermostChannelConfig(CHANNEL,
                Secret.of(sim.rocketChat().baseUrl() + "/hooks/deleted/revoked-token-canary"), null, null, null),
                client, TIMEOUT);

        Delivery d = gone.send(notice("firing"));

        assertThat(d).isInstanceOf(Delivery.Failed.class);
        assertThat(reason(d)).contains("401").doesNotContain("revoked-token-canary");
    }
}
