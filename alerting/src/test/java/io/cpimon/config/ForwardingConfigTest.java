package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.config.AzureMonitorLogsForwarderConfig.CredentialKind;
import java.time.Duration;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ForwardingConfigTest {
    private static final String TENANT = """
            tenants:
              - id: t1
                api: { url: "https://t1.example.com/api/v1", auth: { basic: { user: u, password: p } } }
                probe: { url: "https://t1.example.com/http/health" }
            """;

    @Test
    void forwarding_twoKinds_boundWithDefaultsAndPrintedBackToTheSameTree() throws Exception {
        String yaml = TENANT + """
                forwarding:
                  - name: law
                    type: azure-monitor-logs
                    endpoint: "https://dce.westeurope-1.ingest.monitor.azure.com"
                    ruleId: dcr-0123
                    stream: Custom-CpiMessageLog
                    credential: { tenantId: t, clientId: c, clientSecret: "LEAK-CANARY-law" }
                    statuses: [FAILED, ESCALATED]
                  - name: otel
                    type: otlp
                    endpoint: "http://collector:4318"
                    maxLag: 2m
                """;
        CpimonConfig c = Fixtures.loader().parse(yaml, "f.yaml");

        assertThat(c.forwarding()).extracting(ForwarderConfig::name).containsExactly("law", "otel");
        AzureMonitorLogsForwarderConfig law = (AzureMonitorLogsForwarderConfig) c.forwarding().get(0);
        assertThat(law.credential().kind()).isEqualTo(CredentialKind.CLIENT_SECRET);
        assertThat(law.statuses()).containsExactly("FAILED", "ESCALATED");
        assertThat(law.batchBytes()).isEqualTo(ForwarderConfig.DEFAULT_BATCH_BYTES);
        assertThat(c.forwarding().get(1).maxLag()).isEqualTo(Duration.ofMinutes(2));

        String printed = ConfigPrinter.print(c);
        assertThat(printed).contains("forwarding:", "type: azure-monitor-logs", "maxLag: 2m")
                .doesNotContain("LEAK-CANARY-law");
        CpimonConfig again = Fixtures.loader().parse(printed.replace("<secret>", "\"again\""), "printed.yaml");
        assertThat(again.forwarding()).extracting(ForwarderConfig::name, ForwarderConfig::type, ForwarderConfig::maxLag)
                .containsExactlyElementsOf(c.forwarding().stream()
                        .map(f -> Tuple.tuple(f.name(), f.type(), f.maxLag())).toList());
    }

    @Test
    void forwarding_unknownTypeAndDuplicateName_reportedWithTheirLines() {
        String yaml = TENANT + """
                forwarding:
                  - { name: a, type: otlp, endpoint: "http://c:4318" }
                  - { name: a, type: otlp, endpoint: "http://c:4318" }
                  - { name: b, type: splunk }
                """;
        assertThatThrownBy(() -> Fixtures.loader().parse(yaml, "f.yaml"))
                .hasMessageContaining("f.yaml:7: forwarding[1].name: duplicate forwarder name 'a'")
                .hasMessageContaining("f.yaml:8: forwarding[2].type: invalid value 'splunk' (allowed: azure-monitor-logs, otlp)");
    }

    @Test
    void forwarding_unknownStatusAndTenantInTheFilters_reportedWithTheirLines() {
        String yaml = TENANT + """
                forwarding:
                  - name: collector
                    type: otlp
                    endpoint: "http://c:4318"
                    statuses: [FAILED, BROKEN]
                    tenants: [t1, prod-weu]
                """;
        assertThatThrownBy(() -> Fixtures.loader().parse(yaml, "f.yaml"))
                .hasMessageContaining("f.yaml:9: forwarding[0].statuses: unknown status 'BROKEN'")
                .hasMessageContaining("f.yaml:10: forwarding[0].tenants: unknown tenant 'prod-weu' (tenants: t1)");
    }
}
