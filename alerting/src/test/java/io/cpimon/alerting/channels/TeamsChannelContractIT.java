package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.Secret;
import io.cpimon.simulator.peers.PeerRequest;
import io.cpimon.simulator.peers.TeamsPeer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

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

        /** This endpoint's channel with the user's template {@code source}. */
        Channel withTemplate(String source) {
            return new TeamsChannel(new TeamsChannelConfig(CHANNEL, Secret.of(url.apply(sim.teams())), format,
                    new TemplateConfig(source, null)), client, TIMEOUT);
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

        @Test
        void send_userTemplate_isTheCardsTextBlockAfterTheFacts() {
            Delivery d = withTemplate("{{status}} {{#alerts}}{{tenant}} {{links.ack}}{{/alerts}}").send(notice("firing"));

            assertThat(d).isEqualTo(new Delivery.Delivered(null));
            List<JsonObject> received = sim.teams().received();
            String body = received.get(received.size() - 1).encode();
            assertThat(body).contains("\"text\":\"firing prd-weu http://localhost:8080/alerts/7?do=ack\"")
                    .contains("FactSet").doesNotContain("2 of the last 2 probes failed");
        }
    }

    @Nested
    class LegacyConnector extends TeamsContract {
        LegacyConnector() {
            super(TeamsFormat.MESSAGECARD, TeamsPeer::legacyUrl, t -> t.legacyReceived().size(),
                    url -> url.substring(url.indexOf("/webhookb2/")));
        }

        @Test
        void send_throttleInsideA200Body_isRetry() {
            sim.teams().throttleInBody(true);

            Delivery d = channel().send(notice("firing"));

            assertThat(d).isInstanceOf(Delivery.Retry.class);
            assertThat(reason(d)).contains("429");
        }

        @Test
        void send_defaultTemplate_keepsOneSectionPerAlertAndTheActions() {
            assertThat(channel().send(notice("firing"))).isEqualTo(new Delivery.Delivered(null));

            JsonObject card = last();
            assertThat(card.containsKey("text")).isFalse();
            assertThat(card.getJsonArray("sections").encode()).contains("2 of the last 2 probes failed");
            assertThat(card.getJsonArray("potentialAction").encode()).contains("http://localhost:8080/alerts/7?do=ack")
                    .contains("http://localhost:8080/alerts/7?do=silence");
        }

        @Test
        void send_userTemplate_isTheCardsTextInPlaceOfTheAlertSections() {
            Delivery d = withTemplate("**{{status}}** {{#alerts}}{{tenant}} [ack]({{links.ack}}){{/alerts}}")
                    .send(notice("firing"));

            assertThat(d).isEqualTo(new Delivery.Delivered(null));
            JsonObject card = last();
            assertThat(card.getString("text")).isEqualTo("**firing** prd-weu [ack](http://localhost:8080/alerts/7?do=ack)");
            assertThat(card.getJsonArray("sections").size()).isEqualTo(1);
            assertThat(card.encode()).doesNotContain("2 of the last 2 probes failed");
            assertThat(card.getJsonArray("potentialAction").encode()).contains("?do=silence");
        }

        @Test
        void send_userTemplateFailsAtSendTime_deliversTheDefaultTextAndSaysSo() {
            Delivery d = withTemplate("{{title}}\n{{nosuch}}").send(notice("firing"));

            assertThat(d).isInstanceOf(Delivery.Delivered.class);
            assertThat(((Delivery.Delivered) d).note()).contains("line 2").contains("the default template was used");
            assertThat(last().getString("text")).contains("2 of the last 2 probes failed");
        }

        @Test
        void send_userTemplateListingSixtyLongAlerts_fitsTheConnectorsLimit() {
            Channel c = withTemplate("{{#alerts}}{{summary}}: {{description}} {{description}}\n{{/alerts}}"
                    + "{{#more}}+{{more}} more{{/more}}");

            assertThat(c.send(SlackChannelContractIT.storm(60, null))).isInstanceOf(Delivery.Delivered.class);

            assertThat(last().encode().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(TeamsChannel.MAX_BYTES);
            assertThat(last().getString("text")).contains("Flow_0 failed");
        }

        private JsonObject last() {
            List<JsonObject> received = sim.teams().legacyReceived();
            return received.get(received.size() - 1);
        }
    }
}
