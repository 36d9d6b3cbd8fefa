package io.cpimon.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code type: azure-monitor-logs}: rows into a Log Analytics table through the Logs Ingestion API of a data
 * collection endpoint (or a DCR's own endpoint), rule and stream (docs/channels.md §3.1). Immutable.
 */
public record AzureMonitorLogsForwarderConfig(
        String name, URI endpoint, String ruleId, String stream, Credential credential, List<String> statuses,
        List<String> tenants, int batchBytes, int maxRowsPerSecond, Duration maxLag) implements ForwarderConfig {

    @Override
    public String type() {
        return "azure-monitor-logs";
    }

    /** How the forwarder authenticates to Microsoft Entra. */
    public enum CredentialKind { CLIENT_SECRET, MANAGED_IDENTITY, WORKLOAD_IDENTITY }

    /**
     * @param tenantId nullable for a managed identity
     * @param clientId nullable: for a managed identity, the user-assigned identity's client id
     * @param clientSecret non-null only for {@link CredentialKind#CLIENT_SECRET}
     * @param authorityHost nullable: the Entra authority, default {@code https://login.microsoftonline.com/}
     * @param tokenFile nullable: for {@link CredentialKind#WORKLOAD_IDENTITY}, the federated token file; null reads
     *     {@code AZURE_FEDERATED_TOKEN_FILE} as {@code azure-identity} does
     */
    public record Credential(CredentialKind kind, String tenantId, String clientId, Secret clientSecret,
            URI authorityHost, Path tokenFile) {

        /** Without a token file (client secret, managed identity, or workload identity from the environment). */
        public Credential(CredentialKind kind, String tenantId, String clientId, Secret clientSecret,
                URI authorityHost) {
            this(kind, tenantId, clientId, clientSecret, authorityHost, null);
        }
    }
}
