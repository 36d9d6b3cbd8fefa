package io.cpimon.simulator.tenant;

import java.time.Duration;
import java.util.Objects;

/**
 * One simulated integration flow and its traffic. Immutable.
 *
 * @param id                technical Id (IntegrationArtifact/Id, IntegrationFlowName)
 * @param name              display name
 * @param messagesPerMinute mean arrival rate (Poisson)
 * @param failureRatio      share of messages that end FAILED (0..1)
 * @param packageId         package Id
 * @param packageName       package name
 * @param sender            SAP_Sender value
 * @param receiver          SAP_Receiver value
 * @param messageType       SAP_MessageType value (ApplicationMessageType)
 * @param businessKeyHeader name of the custom header property carrying the business key (null: none)
 * @param processingTime    mean processing time of a short-running message
 * @param longRunningRatio  share of messages first visible as PROCESSING that end 30 s to 5 min later (0..1)
 */
public record IflowSpec(String id, String name, double messagesPerMinute, double failureRatio,
        String packageId, String packageName, String sender, String receiver, String messageType,
        String businessKeyHeader, Duration processingTime, double longRunningRatio) {

    public IflowSpec {
        Objects.requireNonNull(id, "id");
        name = name == null ? id : name;
        if (messagesPerMinute < 0 || failureRatio < 0 || failureRatio > 1 || longRunningRatio < 0 || longRunningRatio > 1) {
            throw new IllegalArgumentException("rates and ratios out of range for iFlow " + id);
        }
        packageId = packageId == null ? "Simulated" : packageId;
        packageName = packageName == null ? packageId : packageName;
        processingTime = processingTime == null ? Duration.ofMillis(800) : processingTime;
    }

    /** An iFlow with default package, sender, receiver, 800 ms processing and 5 % long-running messages. */
    public IflowSpec(String id, String name, double messagesPerMinute, double failureRatio) {
        this(id, name, messagesPerMinute, failureRatio, "Simulated", "Simulated", "SENDER_SYS", "RECEIVER_SYS",
                "MSG_TYPE", "business_key", Duration.ofMillis(800), 0.05);
    }

    public IflowSpec withLongRunningRatio(double ratio) {
        return new IflowSpec(id, name, messagesPerMinute, failureRatio, packageId, packageName, sender, receiver, messageType,
                businessKeyHeader, processingTime, ratio);
    }
}
