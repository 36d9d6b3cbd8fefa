package io.cpimon.api.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.NotificationState;
import io.cpimon.forward.ForwarderStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateGaugesTest {
    static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final StateGauges gauges = new StateGauges(registry);

    static Alert alert(String rule, AlertState state) {
        return new Alert(1, "f", rule, Map.of("rule", rule), Map.of(), state, T, null, T, null, null, null, null);
    }

    @Test
    void update_outboxAlertsAndTenants_scrapedInExpositionFormat() {
        TenantView up = new TenantView("prod-weu", "P", Map.of(), "prod", "primary",
                new TenantView.Probe(true, 401, 12, T, null),
                new TenantView.Ingest(T, T, null, 0, 1234, 3L), new TenantView.Messages(15, 200, 7),
                new TenantView.Alerts(0, 0));
        TenantView unprobed = new TenantView("dev-weu", "D", Map.of(), null, null, null, null,
                new TenantView.Messages(15, 0, 0), new TenantView.Alerts(0, 0));
        gauges.update(new StateGauges.Inputs(List.of(up, unprobed),
                List.of(alert("tenant_down", AlertState.FIRING), alert("tenant_down", AlertState.PENDING),
                        alert("cert_expiry", AlertState.FIRING)),
                Map.of("ops-teams", Map.of(NotificationState.SENT, 5L, NotificationState.DEAD, 1L)), List.of()));

        String text = registry.scrape();
        assertThat(text).contains(
                "# TYPE cpimon_notifications gauge\n",
                "cpimon_notifications{channel=\"ops-teams\",state=\"pending\"} 0.0\n",
                "cpimon_notifications{channel=\"ops-teams\",state=\"sent\"} 5.0\n",
                "cpimon_notifications{channel=\"ops-teams\",state=\"dead\"} 1.0\n",
                "cpimon_alerts_open{rule=\"tenant_down\",state=\"firing\"} 1.0\n",
                "cpimon_alerts_open{rule=\"tenant_down\",state=\"pending\"} 1.0\n",
                "cpimon_alerts_open{rule=\"cert_expiry\",state=\"pending\"} 0.0\n",
                "cpimon_tenant_probe_up{tenant=\"prod-weu\"} 1.0\n",
                "cpimon_tenant_probe_latency_seconds{tenant=\"prod-weu\"} 0.012\n",
                "cpimon_ingest_last_success_timestamp_seconds{tenant=\"prod-weu\"} 1.7955144E9\n",
                "cpimon_messages_recent{status=\"failed\",tenant=\"prod-weu\"} 7.0\n",
                "cpimon_messages_recent{status=\"all\",tenant=\"dev-weu\"} 0.0\n");
        assertThat(text).doesNotContain("cpimon_tenant_probe_up{tenant=\"dev-weu\"}");
    }

    @Test
    void update_replacesRowsThatAreGone() {
        gauges.update(new StateGauges.Inputs(List.of(), List.of(alert("tenant_down", AlertState.FIRING)), Map.of(),
                List.of()));
        assertThat(registry.scrape()).contains("cpimon_alerts_open{rule=\"tenant_down\",state=\"firing\"} 1.0");

        gauges.update(new StateGauges.Inputs(List.of(), List.of(), Map.of(), List.of()));
        assertThat(registry.scrape()).doesNotContain("cpimon_alerts_open{");
    }

    @Test
    void update_forwarders_lagInRowsAndSeconds() {
        ForwarderStatus law = new ForwarderStatus("law", "azure-monitor-logs", new ForwardPosition(7, 3), T, 12, 4, T,
                null, null, false, 100, 2, 1, 1, 5, T);
        gauges.update(new StateGauges.Inputs(List.of(), List.of(), Map.of(), List.of(law)));

        assertThat(registry.scrape()).contains(
                "# TYPE cpimon_forward_lag_rows gauge\n",
                "cpimon_forward_lag_rows{forwarder=\"law\"} 12.0\n",
                "cpimon_forward_lag_seconds{forwarder=\"law\"} 4.0\n",
                "cpimon_forward_gap_rows{forwarder=\"law\"} 5.0\n");
    }
}
