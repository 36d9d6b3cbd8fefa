package io.cpimon.alerting.channels;

import io.cpimon.config.Secret;
import io.cpimon.simulator.peers.PeerRequest;
import io.cpimon.simulator.peers.TeamsPeer;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Nested;

/** {@link ChannelContract} for Teams, Workflows (Adaptive Card) and legacy connector (MessageCard). */
class TeamsChannelContractIT {

    static String sig(String url) {
        return url.substring(url.indexOf("sig=") + 4);
    }

    /**
     * The contract against the simulator's Teams peer, for one of its two endpoints: both share the peer's
     * failure switches and its request log, and differ in URL, card format, what counts as received and which
     * part of the URL is the secret.
     */
    abstract static class TeamsContract extends HttpChannelContract {
        private final TeamsFormat format;
        private final Function<TeamsPeer, String> url;
        private final ToIntFunction<TeamsPeer> received;
        private final Function<String, String> secretOfUrl;

        TeamsContract(TeamsFormat format, Function<TeamsPeer, String> url, ToIntFunction<TeamsPeer> received,
                      Function<String, String> secretOfUrl) {
            this.format = format;
            this.url = url;
            this.received = received;
            this.secretOfUrl = secretOfUrl;
        }

        @Override
        protected Channel newChannel() {
            return new TeamsChannel(new TeamsChannelConfig(CHANNEL, Secret.of(url.apply(sim.teams())), format), client, TIMEOUT);
        }

        @Override
        protected void peerFails(int status, Duration retryAfter) {
            sim.teams().failWith(status, retryAfter);
        }

        @Override
        protected void peerDown() {
            sim.teams().down();
        }

        @Override
        protected void peerHealthy() {
            sim.teams().failWith(0);
            sim.teams().throttleInBody(false);
            sim.teams().up();
        }

        @Override
        protected int received() {
            return received.applyAsInt(sim.teams());
        }

        @Override
        protected List<String> payloads() {
            return sim.teams().requests().stream().map(PeerRequest::bodyAsString).toList();
        }

        @Override
        protected List<String> secrets() {
            return List.of(secretOfUrl.apply(url.apply(sim.teams())));
        }
    }

    @Nested
    class Workflows extends TeamsContract {
        Workflows() {
            super(TeamsFormat.ADAPTIVE, TeamsPeer::url, t -> t.received().size(), TeamsChannelContractIT::sig);
        }
    }

    @Nested
    class LegacyConnector extends TeamsContract {
        LegacyConnector() {
            super(TeamsFormat.MESSAGECARD, TeamsPeer::legacyUrl, t -> t.legacyReceived().size(),
                    url -> url.substring(url.indexOf("/webhookb2/")));
        }

        @org.junit.jupiter.api.Test
        void send_throttleInsideA200Body_isRetry() {
            sim.teams().throttleInBody(true);

            Delivery d = channel().send(notice("firing"));

            org.assertj.core.api.Assertions.assertThat(d).isInstanceOf(Delivery.Retry.class);
            org.assertj.core.api.Assertions.assertThat(reason(d)).contains("429");
        }
    }
}
