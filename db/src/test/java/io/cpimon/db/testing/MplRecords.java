package io.cpimon.db.testing;

import io.cpimon.db.MplRecord;
import java.time.Instant;
import java.util.Map;

/** Test data: MPLs with every field filled, varied by GUID, status and LogEnd. */
public final class MplRecords {
    private MplRecords() {}

    /** A fully populated MPL; LogStart is one second before LogEnd (or null when logEnd is null). */
    public static MplRecord mpl(String tenantId, String guid, String status, Instant logEnd) {
        return new MplRecord(tenantId, guid, "corr-" + guid, "app-" + guid, "Order", null,
                logEnd == null ? null : logEnd.minusSeconds(1), logEnd,
                "S4", "Salesforce", "Orders_Replicate", status, status,
                "https://tenant.integrationsuite.example/shell/monitoring/Messages/" + guid,
                "Orders_Replicate", "Orders replicate", "INTEGRATION_FLOW", "orders", "Orders",
                "INFO", "NOT_RELEVANT", "tx-" + guid, "CPI_tenant", "CPI_tenant", "CPI_tenant",
                "bk-" + guid, Map.of("OrderId", "4711-" + guid),
                "FAILED".equals(status) ? "HTTP 500 from receiver" : null);
    }

    public static MplRecord withStatus(MplRecord r, String status, Instant logEnd) {
        return new MplRecord(r.tenantId(), r.messageGuid(), r.correlationId(), r.applicationMessageId(),
                r.applicationMessageType(), r.predecessorMessageGuid(), r.logStart(), logEnd, r.sender(), r.receiver(),
                r.integrationFlowName(), status, status, r.alternateWebLink(), r.artifactId(), r.artifactName(),
                r.artifactType(), r.packageId(), r.packageName(), r.logLevel(), r.archivingStatus(), r.transactionId(),
                r.previousComponentName(), r.localComponentName(), r.originComponentName(), r.businessKey(),
                r.customHeaders(), r.errorText());
    }

    public static MplRecord withDetails(MplRecord r, Map<String, String> customHeaders, String errorText) {
        return new MplRecord(r.tenantId(), r.messageGuid(), r.correlationId(), r.applicationMessageId(),
                r.applicationMessageType(), r.predecessorMessageGuid(), r.logStart(), r.logEnd(), r.sender(), r.receiver(),
                r.integrationFlowName(), r.status(), r.customStatus(), r.alternateWebLink(), r.artifactId(),
                r.artifactName(), r.artifactType(), r.packageId(), r.packageName(), r.logLevel(), r.archivingStatus(),
                r.transactionId(), r.previousComponentName(), r.localComponentName(), r.originComponentName(),
                r.businessKey(), customHeaders, errorText);
    }

    public static MplRecord withSender(MplRecord r, String sender) {
        return new MplRecord(r.tenantId(), r.messageGuid(), r.correlationId(), r.applicationMessageId(),
                r.applicationMessageType(), r.predecessorMessageGuid(), r.logStart(), r.logEnd(), sender, r.receiver(),
                r.integrationFlowName(), r.status(), r.customStatus(), r.alternateWebLink(), r.artifactId(),
                r.artifactName(), r.artifactType(), r.packageId(), r.packageName(), r.logLevel(), r.archivingStatus(),
                r.transactionId(), r.previousComponentName(), r.localComponentName(), r.originComponentName(),
                r.businessKey(), r.customHeaders(), r.errorText());
    }

    /** The same message with other dates (either may be null: RETRY entries of deleted JMS queues have neither). */
    public static MplRecord withDates(MplRecord r, Instant logStart, Instant logEnd) {
        return new MplRecord(r.tenantId(), r.messageGuid(), r.correlationId(), r.applicationMessageId(),
                r.applicationMessageType(), r.predecessorMessageGuid(), logStart, logEnd, r.sender(), r.receiver(),
                r.integrationFlowName(), r.status(), r.customStatus(), r.alternateWebLink(), r.artifactId(),
                r.artifactName(), r.artifactType(), r.packageId(), r.packageName(), r.logLevel(), r.archivingStatus(),
                r.transactionId(), r.previousComponentName(), r.localComponentName(), r.originComponentName(),
                r.businessKey(), r.customHeaders(), r.errorText());
    }
}
