package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.Secret;
import io.cpimon.simulator.peers.GoogleChatPeer;
import io.cpimon.simulator.peers.PeerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ChannelContract} for a Google Chat space webhook (cards v2, one thread per episode). */
class GoogleChatChannelContractIT extends HttpChannelContract {

    /** The contract sends faster than one message per second; the rate is checked on its own below. */
    @BeforeEach
    void noRateLimit() {
        sim.googleChat().enforceRate(false);
    }

    @Override
    protected Channel newChannel() {
        return new GoogleChatChannel(new GoogleChatChannelConfig(CHANNEL, Secret.of(sim.googleChat().url()), null),
                client, TIMEOUT);
    }

    @Override
    protected void peerFails(int status, Duration retryAfter) {
        sim.googleChat().failWith(status, retryAfter);
    }

    @Override
    protected void peerDown() {
        sim.googleChat().down();
    }

    @Override
    protected void peerHealthy() {
        sim.googleChat().failWith(0);
        sim.googleChat().up();
    }

    @Override
    protected int received() {
        return sim.googleChat().posts().size();
    }

    @Override
    protected List<String> payloads() {
        return sim.googleChat().requests().stream().map(PeerRequest::bodyAsString).toList();
    }

    @Override
    protected List<String> secrets() {
        return List.of(sim.googleChat().token());
    }

    private GoogleChatPeer.Post last() {
        List<GoogleChatPeer.Post> posts = sim.googleChat().posts();
        return posts.get(posts.size() - 1);
    }

    @Test
    void send_firingThenResolved_landInOneThread() {
        GroupNotice firing = notice("firing");
        assertThat(channel().send(firing)).isInstanceOf(Delivery.Delivered.class);
        GoogleChatPeer.Post first = last();
        GroupNotice resolved = notice("resolved");

        assertThat(channel().send(resolved)).isInstanceOf(Delivery.Delivered.class);

        assertThat(last().thread()).isEqualTo(first.thread());
        assertThat(last().threadKey()).isEqualTo(GoogleChatChannel.threadKey(firing));
        JsonObject card = last().body().getJsonArray("cardsV2").getJsonObject(0).getJsonObject("card");
        assertThat(card.getJsonObject("header").getString("title")).startsWith("[RESOLVED]");
    }

    @Test
    void send_firing_cardCarriesAckAndSilenceLinks() {
        channel().send(notice("firing"));

        String card = last().body().getJsonArray("cardsV2").encode();
        assertThat(card).contains("http://localhost:8080/alerts/7?do=ack")
                .contains("http://localhost:8080/alerts/7?do=silence").contains("openLink");
    }

    @Test
    void send_twoWithinASecond_secondIsRetryAfterTheSpacesRate() {
        sim.googleChat().enforceRate(true);
        channel().send(notice("firing"));

        Delivery d = channel().send(notice("firing"));

        assertThat(d).isInstanceOf(Delivery.Retry.class);
        assertThat(reason(d)).contains("429").contains("RESOURCE_EXHAUSTED");
        assertThat(((Delivery.Retry) d).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void send_sixtyLongAlerts_staysUnder32000Bytes() {
        assertThat(channel().send(SlackChannelContractIT.storm(60, null))).isInstanceOf(Delivery.Delivered.class);

        assertThat(last().body().encode().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(32_000);
    }
}
