package io.cpimon.simulator.tenant;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One version of one message processing log as the simulated tenant holds it. Immutable.
 * Only {@code messageGuid} is required; every other field is nullable (as on a real tenant:
 * RETRY entries can have null dates). Fields a real tenant derives (TransactionId,
 * AlternateWebLink, component names) are derived from the guid and the tenant when served:
 * see {@link #transactionId()}.
 */
public record MplTruth(String messageGuid, String correlationId, String applicationMessageId, String applicationMessageType,
        Instant logStart, Instant logEnd, String sender, String receiver, String artifactId, String artifactName,
        String packageId, String packageName, String status, String customStatus, String logLevel, String errorText,
        Map<String, String> customHeaders) {

    public MplTruth {
        Objects.requireNonNull(messageGuid, "messageGuid");
        customHeaders = customHeaders == null ? Map.of() : Map.copyOf(customHeaders);
    }

    /**
     * A COMPLETED/FAILED/… entry with sensible defaults: correlation id derived from the guid,
     * custom status = status, log level INFO, package "Simulated", no business key.
     */
    public static MplTruth of(String messageGuid, String artifactId, String status, Instant logStart, Instant logEnd) {
        return new MplTruth(messageGuid, "C" + messageGuid.substring(1), null, null, logStart, logEnd, null, null,
                artifactId, artifactId, "Simulated", "Simulated", status, status, "INFO",
                "FAILED".equals(status) || "ESCALATED".equals(status)
                        ? "org.apache.camel.component.ahc.AhcOperationFailedException: HTTP operation failed invoking https://receiver.invalid/api with statusCode: 500"
                        : null,
                Map.of());
    }

    /** This entry moved on to {@code newStatus} at {@code newLogEnd} (custom status follows; error text kept only for failures). */
    public MplTruth withStatus(String newStatus, Instant newLogEnd) {
        boolean failure = "FAILED".equals(newStatus) || "ESCALATED".equals(newStatus) || "RETRY".equals(newStatus);
        return new MplTruth(messageGuid, correlationId, applicationMessageId, applicationMessageType, logStart, newLogEnd,
                sender, receiver, artifactId, artifactName, packageId, packageName, newStatus, newStatus, logLevel,
                failure ? errorText : null, customHeaders);
    }

    public MplTruth withErrorText(String text) {
        return new MplTruth(messageGuid, correlationId, applicationMessageId, applicationMessageType, logStart, logEnd,
                sender, receiver, artifactId, artifactName, packageId, packageName, status, customStatus, logLevel,
                text, customHeaders);
    }

    public MplTruth withCustomHeaders(Map<String, String> headers) {
        return new MplTruth(messageGuid, correlationId, applicationMessageId, applicationMessageType, logStart, logEnd,
                sender, receiver, artifactId, artifactName, packageId, packageName, status, customStatus, logLevel,
                errorText, headers);
    }

    public MplTruth withDates(Instant newLogStart, Instant newLogEnd) {
        return new MplTruth(messageGuid, correlationId, applicationMessageId, applicationMessageType, newLogStart, newLogEnd,
                sender, receiver, artifactId, artifactName, packageId, packageName, status, customStatus, logLevel,
                errorText, customHeaders);
    }

    /** The 32-hex TransactionId the tenant serves for this entry (derived from the guid, stable). */
    public String transactionId() {
        return Ids.transactionId(messageGuid);
    }

    /** Whether CPI no longer changes this entry on its own. */
    public boolean isFinal() {
        return status != null && switch (status) {
            case "COMPLETED", "FAILED", "ESCALATED", "DISCARDED", "CANCELLED" -> true;
            default -> false;
        };
    }
}
