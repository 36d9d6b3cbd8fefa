package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.config.AzureMonitorLogsForwarderConfig.CredentialKind;
import java.nio.file.Path;
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

    @Test
    void forwarding_workloadAndManagedIdentity_boundWithTokenFile_printedBackToTheSameCredentials() throws Exception {
        String yaml = TENANT + "forwarding:\n"
                + logsForwarder("aks", "{ workloadIdentity: true, tenantId: t, clientId: c,"
                        + " tokenFile: /var/run/secrets/azure/tokens/azure-identity-token }")
                + logsForwarder("env", "{ workloadIdentity: true }")
                + logsForwarder("app", "{ managedIdentity: true, clientId: u }");
        CpimonConfig c = Fixtures.loader().parse(yaml, "f.yaml");

        var credentials = c.forwarding().stream().map(f -> ((AzureMonitorLogsForwarderConfig) f).credential())
                .toList();
        assertThat(credentials).extracting(AzureMonitorLogsForwarderConfig.Credential::kind).containsExactly(
                CredentialKind.WORKLOAD_IDENTITY, CredentialKind.WORKLOAD_IDENTITY, CredentialKind.MANAGED_IDENTITY);
        assertThat(credentials.get(0).tokenFile())
                .isEqualTo(Path.of("/var/run/secrets/azure/tokens/azure-identity-token"));
        assertThat(credentials.get(0).tenantId()).isEqualTo("t");
        assertThat(credentials.get(1).tokenFile()).isNull();
        assertThat(credentials.get(2).clientId()).isEqualTo("u");

        CpimonConfig again = Fixtures.loader().parse(ConfigPrinter.print(c), "printed.yaml");
        assertThat(again.forwarding().stream().map(f -> ((AzureMonitorLogsForwarderConfig) f).credential()).toList())
                .isEqualTo(credentials);
    }

    @Test
    void forwarding_emptyTokenFile_reportedWithItsLine() {
        String yaml = TENANT + "forwarding:\n" + logsForwarder("aks", "{ workloadIdentity: true, tokenFile: \"\" }");
        assertThatThrownBy(() -> Fixtures.loader().parse(yaml, "f.yaml"))
                .hasMessageContaining("forwarding[0].credential.tokenFile: must not be empty");
    }

    /**
     * One Azure Monitor Logs entry of a {@code forwarding:} list; {@code credential} is its credential as a YAML flow
     * mapping.
     */
    private static String logsForwarder(String name, String credential) {
        return """
                  - name: %s
                    type: azure-monitor-logs
                    endpoint: "https://dce.westeurope-1.ingest.monitor.azure.com"
                    ruleId: dcr-0123
                    stream: Custom-CpiMessageLog
                    credential: %s
                """.formatted(name, credential);
    }
}
