package io.cpimon.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeamsChannelTest {
    static AlertNotice notice(String status) {
        return new AlertNotice(3L, "abc", "tenant_down", status, Map.of("rule", "tenant_down", "tenant", "prod-weu", "severity", "critical"),
                Map.of("summary", "Tenant prod-weu is down", "description", "2 of the last 2 probes failed"),
                "2026-11-24T10:00:00Z", "resolved".equals(status) ? "2026-11-24T10:05:00Z" : null, "http://localhost:8080/");
    }

    @Test
    void envelope_firing_isWorkflowsMessageWithAdaptiveCard() {
        JsonObject e = TeamsChannel.envelope(notice("firing"));
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
        JsonObject title = TeamsChannel.envelope(notice("resolved")).getJsonArray("attachments").getJsonObject(0)
                .getJsonObject("content").getJsonArray("body").getJsonObject(0);
        assertThat(title.getString("text")).startsWith("[RESOLVED]");
        assertThat(title.getString("color")).isEqualTo("Good");
    }

    @Test
    void envelope_longDescription_isCutBelowTeamsLimit() {
        AlertNotice n = notice("firing");
        AlertNotice big = new AlertNotice(n.alertId(), n.fingerprint(), n.rule(), n.status(), n.labels(),
                Map.of("summary", "s", "description", "x".repeat(100_000)), n.startsAt(), null, null);
        assertThat(TeamsChannel.envelope(big).encode().length()).isLessThan(24 * 1024);
    }
}
