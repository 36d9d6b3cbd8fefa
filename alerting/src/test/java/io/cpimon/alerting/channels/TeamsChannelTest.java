package io.cpimon.alerting.channels;

import static io.cpimon.alerting.testing.AlertingFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.testing.AlertingFixtures;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeamsChannelTest {
    static final Instant SENT = NOW.plus(Duration.ofMinutes(6));

    static AlertNotice notice(String status) {
        return AlertingFixtures.notice("abc").alertId(3L).rule("tenant_down")
                .labels(Map.of("rule", "tenant_down", "tenant", "prod-weu", "severity", "critical"))
                .annotations(Map.of("summary", "Tenant prod-weu is down", "description", "2 of the last 2 probes failed"))
                .status(status, NOW.plus(Duration.ofMinutes(5))).dashboardUrl("http://localhost:8080/").build();
    }

    static GroupNotice group(AlertNotice n) {
        return GroupNotice.single(n, "ops-teams", n.firing() ? "first notification" : "all alerts resolved", SENT);
    }

    static JsonObject card(JsonObject envelope) {
        return envelope.getJsonArray("attachments").getJsonObject(0).getJsonObject("content");
    }

    @Test
    void envelope_firing_isWorkflowsMessageWithAdaptiveCard() {
        JsonObject e = TeamsChannel.envelope(group(notice("firing")));
        assertThat(e.getString("type")).isEqualTo("message");
        JsonObject attachment = e.getJsonArray("attachments").getJsonObject(0);
        assertThat(attachment.getString("contentType")).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonObject card = attachment.getJsonObject("content");
        assertThat(card.getString("type")).isEqualTo("AdaptiveCard");
        assertThat(Double.parseDouble(card.getString("version"))).isLessThanOrEqualTo(1.5);
        JsonObject title = card.getJsonArray("body").getJsonObject(0);
        assertThat(title.getString("text")).isEqualTo("[FIRING] Tenant prod-weu is down");
        assertThat(title.getString("color")).isEqualTo("Attention");
        assertThat(card.getJsonArray("body").getJsonObject(1).getJsonArray("facts").encode()).contains("\"prod-weu\"");
        assertThat(card.getJsonArray("actions").encode()).contains("Action.OpenUrl").doesNotContain("Action.Submit");
    }

    @Test
    void envelope_resolved_saysResolvedInGood() {
        JsonObject title = card(TeamsChannel.envelope(group(notice("resolved")))).getJsonArray("body").getJsonObject(0);
        assertThat(title.getString("text")).startsWith("[RESOLVED]");
        assertThat(title.getString("color")).isEqualTo("Good");
    }

    @Test
    void envelope_longDescription_isCutBelowTeamsLimit() {
        AlertNotice n = notice("firing");
        AlertNotice big = new AlertNotice(n.alertId(), n.fingerprint(), n.rule(), n.status(), n.labels(),
                Map.of("summary", "s", "description", "x".repeat(100_000)), n.startedAt(), null, null);
        assertThat(TeamsChannel.envelope(group(big)).encode().length()).isLessThan(24 * 1024);
    }

    @Test
    void envelope_fortyAlertsWithLongErrors_countInTitleAndMoreLineUnderLimit() {
        List<AlertNotice> firing = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            firing.add(AlertingFixtures.notice("fp" + i).alertId((long) i)
                    .labels(Map.of("rule", "failed_messages", "tenant", "storm-weu", "iflow", "Flow_" + i, "severity", "warning"))
                    .annotations(Map.of("summary", "Flow_" + i + " fails", "description", "error ".repeat(500))).build());
        }
        GroupKey key = GroupKey.parse("route0:{rule=\"failed_messages\",tenant=\"storm-weu\"}");
        GroupNotice n = new GroupNotice(key, "ops-teams", "first notification", key.labels(), firing, List.of(), NOW, null,
                null, SENT);

        JsonObject e = TeamsChannel.envelope(n);

        assertThat(e.encode().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(TeamsChannel.MAX_BYTES);
        assertThat(card(e).getJsonArray("body").getJsonObject(0).getString("text")).isEqualTo("[FIRING:40] failed_messages storm-weu");
        assertThat(card(e).getJsonArray("body").encode()).containsPattern("\\+\\d+ more");
    }

    @Test
    void messageCard_hasSummaryTitleAndAtMostTenSections() {
        JsonObject c = TeamsChannel.messageCard(group(notice("firing")));
        assertThat(c.getString("@type")).isEqualTo("MessageCard");
        assertThat(c.getString("summary")).isEqualTo("[FIRING] Tenant prod-weu is down");
        assertThat(c.getJsonArray("sections").size()).isBetween(1, 10);
    }
}
