package io.cpimon.db;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message processing log as cpimon stores it: the MPL fields of docs/cpi-api.md §2.1 plus what
 * cpimon derives. Key: (tenantId, messageGuid). All fields but the key are nullable.
 *
 * @param businessKey the pair's configured business key (ApplicationMessageId or a custom header value)
 * @param customHeaders custom header properties (name → value), null when not fetched
 * @param errorText the text of ErrorInformation/$value for FAILED/ESCALATED messages, null otherwise
 */
public record MplRecord(
        String tenantId,
        String messageGuid,
        String correlationId,
        String applicationMessageId,
        String applicationMessageType,
        String predecessorMessageGuid,
        Instant logStart,
        Instant logEnd,
        String sender,
        String receiver,
        String integrationFlowName,
        String status,
        String customStatus,
        String alternateWebLink,
        String artifactId,
        String artifactName,
        String artifactType,
        String packageId,
        String packageName,
        String logLevel,
        String archivingStatus,
        String transactionId,
        String previousComponentName,
        String localComponentName,
        String originComponentName,
        String businessKey,
        Map<String, String> customHeaders,
        String errorText) {

    /** Every status CPI reports (docs/cpi-api.md §2.2), in the monitor's order. */
    public static final List<String> STATUSES = List.of(
            "COMPLETED", "PROCESSING", "RETRY", "ESCALATED", "FAILED", "CANCELLED", "DISCARDED", "ABANDONED");

    /** Statuses after which CPI no longer changes an MPL on its own (docs/cpi-api.md §2.2). */
    public static boolean isFinal(String status) {
        return status != null && switch (status) {
            case "COMPLETED", "FAILED", "ESCALATED", "DISCARDED", "CANCELLED" -> true;
            default -> false;
        };
    }
}
