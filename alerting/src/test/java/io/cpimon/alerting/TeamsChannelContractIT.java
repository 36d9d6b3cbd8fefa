package io.cpimon.alerting;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.Secret;
import io.cpimon.simulator.PeerRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** {@link ChannelContract} for Teams, Workflows (Adaptive Card) and legacy connector (MessageCard). */
class TeamsChannelContractIT {

    static String sig(String url) {
        return url.substring(url.indexOf("sig=") + 4);
    }

    @Nested
    class Workflows extends HttpChannelContract {
        @Override
        protected Channel newChannel() {
            return new TeamsChannel(new CpimonConfig.TeamsChannel(CHANNEL, Secret.of(sim.teams().url()),
                    CpimonConfig.TeamsFormat.ADAPTIVE), client, TIMEOUT);
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
            sim.teams().up();
        }

        @Override
        protected int received() {
            return sim.teams().received().size();
        }

        @Override
        protected List<String> payloads() {
            return sim.teams().requests().stream().map(PeerRequest::bodyAsString).toList();
        }

        @Override
        protected List<String> secrets() {
            return List.of(sig(sim.teams().url()));
        }
    }

    @Nested
    class LegacyConnector extends HttpChannelContract {
        @Override
        protected Channel newChannel() {
            return new TeamsChannel(new CpimonConfig.TeamsChannel(CHANNEL, Secret.of(sim.teams().legacyUrl()),
                    CpimonConfig.TeamsFormat.MESSAGECARD), client, TIMEOUT);
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
            return sim.teams().legacyReceived().size();
        }

        @Override
        protected List<String> payloads() {
            return sim.teams().requests().stream().map(PeerRequest::bodyAsString).toList();
        }

        @Override
        protected List<String> secrets() {
            String url = sim.teams().legacyUrl();
            return List.of(url.substring(url.indexOf("/webhookb2/")));
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
