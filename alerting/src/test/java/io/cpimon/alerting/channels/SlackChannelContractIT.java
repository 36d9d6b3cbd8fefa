package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.Secret;
import io.cpimon.simulator.peers.PeerRequest;
import io.cpimon.simulator.peers.SlackPeer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link ChannelContract} for Slack: incoming webhook and Web API {@code chat.postMessage} with a bot token. */
class SlackChannelContractIT {

    abstract static class SlackContract extends HttpChannelContract {
        @Override
        protected void peerFails(int status, Duration retryAfter) {
            sim.slack().failWith(status, retryAfter);
        }

        @Override
        protected void peerDown() {
            sim.slack().down();
        }

        @Override
        protected void peerHealthy() {
            sim.slack().failWith(0);
            sim.slack().up();
        }

        @Override
        protected int received() {
            return sim.slack().posts().size();
        }

        @Override
        protected List<String> payloads() {
            return sim.slack().requests().stream().map(PeerRequest::bodyAsString).toList();
        }

        @Override
        protected List<String> secrets() {
            String hook = sim.slack().webhookUrl();
            return List.of(hook.substring(hook.lastIndexOf('/') + 1), sim.slack().token());
        }

        SlackPeer.Post last() {
            List<SlackPeer.Post> posts = sim.slack().posts();
            return posts.get(posts.size() - 1);
        }
    }

    /** A group of {@code n} firing alerts with long descriptions, to push Slack's limits. */
    static GroupNotice storm(int n, String previousRef) {
        Instant now = Instant.now();
        List<AlertNotice> firing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            firing.add(new AlertNotice((long) i + 1, String.format("%016x", i), "failed_messages", NoticeStatus.FIRING,
                    Map.of("rule", "failed_messages", "tenant", "prd-weu", "iflow", "Flow_" + i, "severity", "warning"),
                    Map.of("summary", "Flow_" + i + " failed <5> times & more", "description", "x".repeat(900)),
                    now.minusSeconds(60), null, "http://localhost:8080/"));
        }
        return new GroupNotice(GroupKey.ofRoute(0, Map.of("rule", "failed_messages")), ChannelContract.CHANNEL, "first notification",
                Map.of("rule", "failed_messages"), firing, List.of(), now.minusSeconds(60), previousRef,
                "http://localhost:8080/", now);
    }

    @Nested
    class Webhook extends SlackContract {
        @Override
        protected Channel newChannel() {
            return new SlackChannel(new SlackChannelConfig(CHANNEL, Secret.of(sim.slack().webhookUrl()), null, null,
                    SlackChannelConfig.DEFAULT_API, null), client, TIMEOUT);
        }

        @Test
        void send_firing_isBlockKitWithFallbackColourAndActionLinks() {
            assertThat(channel().send(notice("firing"))).isInstanceOf(Delivery.Delivered.class);

            JsonObject body = last().body();
            assertThat(body.getString("text")).isEqualTo("[FIRING] Tenant prd-weu is down");
            JsonObject header = body.getJsonArray("blocks").getJsonObject(0);
            assertThat(header.getString("type")).isEqualTo("header");
            JsonObject attachment = body.getJsonArray("attachments").getJsonObject(0);
            assertThat(attachment.getString("color")).isEqualTo("#E01E5A");
            String blocks = attachment.getJsonArray("blocks").encode();
            assertThat(blocks).contains("http://localhost:8080/alerts/7?do=ack")
                    .contains("http://localhost:8080/alerts/7?do=silence")
                    .contains("https://prd-weu.example/shell/monitoring/Messages/")
                    .contains("2 of the last 2 probes failed");
        }

        @Test
        void send_sixtyLongAlerts_staysWithinBlockKitLimits() {
            assertThat(channel().send(storm(60, null))).isInstanceOf(Delivery.Delivered.class);

            JsonObject body = last().body();
            JsonArray inner = body.getJsonArray("attachments").getJsonObject(0).getJsonArray("blocks");
            assertThat(body.getJsonArray("blocks").size() + inner.size()).isLessThanOrEqualTo(50);
            for (int i = 0; i < inner.size(); i++) {
                JsonObject text = inner.getJsonObject(i).getJsonObject("text");
                if (text != null) {
                    assertThat(text.getString("text").length()).isLessThanOrEqualTo(3_000);
                }
            }
            assertThat(inner.encode()).contains("&lt;5&gt; times &amp; more").contains("+40 more");
        }

        @Test
        void send_userTemplate_isTheSectionText() {
            Channel c = new SlackChannel(new SlackChannelConfig(CHANNEL, Secret.of(sim.slack().webhookUrl()), null, null,
                    SlackChannelConfig.DEFAULT_API, new TemplateConfig("*{{status}}* {{#alerts}}{{tenant}} {{links.ack}}"
                    + "{{/alerts}}", null)), client, TIMEOUT);

            assertThat(c.send(notice("firing"))).isEqualTo(new Delivery.Delivered(null));

            JsonObject section = last().body().getJsonArray("attachments").getJsonObject(0).getJsonArray("blocks")
                    .getJsonObject(0);
            assertThat(section.getJsonObject("text").getString("text"))
                    .isEqualTo("*firing* prd-weu http://localhost:8080/alerts/7?do=ack");
        }

        @Test
        void send_userTemplateFailsAtSendTime_deliversTheDefaultTextAndSaysSo() {
            Channel c = new SlackChannel(new SlackChannelConfig(CHANNEL, Secret.of(sim.slack().webhookUrl()), null, null,
                    SlackChannelConfig.DEFAULT_API, new TemplateConfig("{{title}}\n{{nosuch}}", null)), client, TIMEOUT);

            Delivery d = c.send(notice("firing"));

            assertThat(d).isInstanceOf(Delivery.Delivered.class);
            assertThat(((Delivery.Delivered) d).note()).contains("line 2").contains("the default template was used");
            assertThat(last().body().encode()).contains("2 of the last 2 probes failed");
        }

        @Test
        void send_unknownWebhook_isFailedNoService() {
            Channel gone = new SlackChannel(new SlackChannelConfig(CHANNEL,
                    Secret.of(sim.slack().baseUrl() + "/services/T0/B0/deleted"), null, null,
                    SlackChannelConfig.DEFAULT_API, null), client, TIMEOUT);

            Delivery d = gone.send(notice("firing"));

            assertThat(d).isInstanceOf(Delivery.Failed.class);
            assertThat(reason(d)).contains("404").contains("no_service");
        }
    }

    @Nested
    class WebApi extends SlackContract {
        @Override
        protected Channel newChannel() {
            return channelTo(sim.slack().channelName());
        }

        Channel channelTo(String slackChannel) {
            return new SlackChannel(new SlackChannelConfig(CHANNEL, null, Secret.of(sim.slack().token()), slackChannel,
                    URI.create(sim.slack().apiUrl()), null), client, TIMEOUT);
        }

        @Test
        void send_resolvedAfterFiring_repliesInTheFiringMessagesThread() {
            Delivery firing = channel().send(notice("firing"));
            assertThat(firing).isInstanceOf(Delivery.Delivered.class);
            String ref = ((Delivery.Delivered) firing).externalRef();
            SlackPeer.Post parent = last();
            assertThat(ref).isEqualTo(parent.channel() + "/" + parent.ts());

            GroupNotice resolved = notice("resolved");
            GroupNotice threaded = new GroupNotice(resolved.groupKey(), resolved.channel(), resolved.reason(),
                    resolved.groupLabels(), resolved.firing(), resolved.resolved(), resolved.episodeStart(), ref,
                    resolved.dashboardUrl(), resolved.sentAt());
            Delivery d = channel().send(threaded);

            assertThat(d).isEqualTo(new Delivery.Delivered(ref));
            assertThat(last().threadTs()).isEqualTo(parent.ts());
            assertThat(last().body().getString("text")).startsWith("[RESOLVED]");
            assertThat(last().body().getJsonArray("attachments").getJsonObject(0).getString("color"))
                    .isEqualTo("#2EB67D");
        }

        @Test
        void send_unknownChannel_isFailedChannelNotFound() {
            Delivery d = channelTo("#nowhere").send(notice("firing"));

            assertThat(d).isInstanceOf(Delivery.Failed.class);
            assertThat(reason(d)).contains("channel_not_found");
        }

        @Test
        void send_wrongToken_isFailedInvalidAuthWithoutTheToken() {
            Channel wrong = new SlackChannel(new SlackChannelConfig(CHANNEL, null, Secret.of("xoxb-wrong-canary"),
                    sim.slack().channelId(), URI.create(sim.slack().apiUrl()), null), client, TIMEOUT);

            Delivery d = wrong.send(notice("firing"));

            assertThat(d).isInstanceOf(Delivery.Failed.class);
            assertThat(reason(d)).contains("invalid_auth").doesNotContain("xoxb-wrong-canary");
        }

        @Test
        void send_sixtyLongAlerts_isAcceptedByTheWebApi() {
            assertThat(channel().send(storm(60, null))).isInstanceOf(Delivery.Delivered.class);
        }
    }
}
