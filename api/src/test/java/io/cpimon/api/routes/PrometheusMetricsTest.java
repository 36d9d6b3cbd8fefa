package io.cpimon.api.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.NotificationState;
import io.cpimon.forward.ForwarderStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {
    static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    static Alert alert(String rule, AlertState state) {
        return new Alert(1, "f", rule, Map.of("rule", rule), Map.of(), state, T, null, T, null, null, null, null);
    }

    @Test
    void render_outboxAlertsAndTenants_inExpositionFormat() {
        TenantView up = new TenantView("prod-weu", "P", Map.of(), "prod", "primary",
                new TenantView.Probe(true, 401, 12, T, null),
                new TenantView.Ingest(T, T, null, 0, 1234, 3L), new TenantView.Messages(15, 200, 7), new TenantView.Alerts(0, 0));
        TenantView unprobed = new TenantView("dev-weu", "D", Map.of(), null, null, null, null,
                new TenantView.Messages(15, 0, 0), new TenantView.Alerts(0, 0));
        String text = PrometheusMetrics.render(new PrometheusMetrics.Inputs(List.of(up, unprobed),
                List.of(alert("tenant_down", AlertState.FIRING), alert("tenant_down", AlertState.PENDING), alert("cert_expiry", AlertState.FIRING)),
                Map.of("ops-teams", Map.of(NotificationState.SENT, 5L, NotificationState.DEAD, 1L)), List.of()));

        assertThat(text).contains(
                "# TYPE cpimon_notifications gauge\n",
                "cpimon_notifications{channel=\"ops-teams\",state=\"pending\"} 0\n",
                "cpimon_notifications{channel=\"ops-teams\",state=\"sent\"} 5\n",
                "cpimon_notifications{channel=\"ops-teams\",state=\"dead\"} 1\n",
                "cpimon_alerts_open{rule=\"tenant_down\",state=\"firing\"} 1\n",
                "cpimon_alerts_open{rule=\"tenant_down\",state=\"pending\"} 1\n",
                "cpimon_alerts_open{rule=\"cert_expiry\",state=\"pending\"} 0\n",
                "cpimon_tenant_probe_up{tenant=\"prod-weu\"} 1\n",
                "cpimon_tenant_probe_latency_seconds{tenant=\"prod-weu\"} 0.012\n",
                "cpimon_ingest_last_success_timestamp_seconds{tenant=\"prod-weu\"} 1795514400\n",
                "# TYPE cpimon_ingest_rows_total counter\n",
                "cpimon_ingest_rows_total{tenant=\"prod-weu\"} 1234\n",
                "cpimon_messages_recent{tenant=\"prod-weu\",status=\"failed\"} 7\n",
                "cpimon_messages_recent{tenant=\"dev-weu\",status=\"all\"} 0\n");
        assertThat(text).doesNotContain("cpimon_tenant_probe_up{tenant=\"dev-weu\"}");
        for (String line : text.split("\n")) {
            assertThat(line).matches("(# (HELP|TYPE) cpimon_\\w+ .+)|(cpimon_\\w+\\{[^}]*\\} -?[0-9.E]+)");
        }
    }

    @Test
    void render_forwarders_lagRowsAndUpPerForwarder() {
        ForwarderStatus law = new ForwarderStatus("law", "azure-monitor-logs", new ForwardPosition(7, 3), T, 12, 4, T,
                null, null, false, 100, 2, 1, 1, 5, T);
        ForwarderStatus otel = new ForwarderStatus("otel", "otlp", ForwardPosition.START, null, 0, 0, null,
                "HTTP 401", "credentials refused", false, 0, 0, 0, 0, 0, null);

        String text = PrometheusMetrics.render(new PrometheusMetrics.Inputs(List.of(), List.of(), Map.of(),
                List.of(law, otel)));

        assertThat(text).contains(
                "# TYPE cpimon_forward_lag_rows gauge\n",
                "cpimon_forward_lag_rows{forwarder=\"law\"} 12\n",
                "cpimon_forward_lag_seconds{forwarder=\"law\"} 4\n",
                "# TYPE cpimon_forward_rows_total counter\n",
                "cpimon_forward_rows_total{forwarder=\"law\",outcome=\"sent\"} 100\n",
                "cpimon_forward_rows_total{forwarder=\"law\",outcome=\"dead\"} 1\n",
                "cpimon_forward_gap_rows_total{forwarder=\"law\"} 5\n",
                "cpimon_forward_up{forwarder=\"law\"} 1\n",
                "cpimon_forward_up{forwarder=\"otel\"} 0\n");
        assertThat(PrometheusMetrics.render(new PrometheusMetrics.Inputs(List.of(), List.of(), Map.of(), List.of())))
                .doesNotContain("cpimon_forward");
    }

    @Test
    void escape_quotesBackslashesAndNewlines() {
        assertThat(PrometheusMetrics.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }
}
