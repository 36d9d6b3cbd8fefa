package io.cpimon.simulator.tenant;

import java.time.Instant;
import java.util.Objects;

/**
 * A deployed integration artifact as {@code /IntegrationRuntimeArtifacts} serves it. Immutable.
 *
 * @param status STARTED, STARTING, STOPPING or ERROR
 * @param errorText served by {@code ('<Id>')/ErrorInformation/$value} when status is ERROR; nullable
 */
public record RuntimeArtifact(String id, String version, String name, String type, String deployedBy,
        Instant deployedOn, String status, String errorText) {

    public RuntimeArtifact {
        Objects.requireNonNull(id, "id");
        version = version == null ? "1.0.0" : version;
        name = name == null ? id : name;
        type = type == null ? "INTEGRATION_FLOW" : type;
        deployedBy = deployedBy == null ? "sb-cpimon-deployer" : deployedBy;
        status = status == null ? "STARTED" : status;
    }

    public static RuntimeArtifact started(String id, String name, String version, Instant deployedOn) {
        return new RuntimeArtifact(id, version, name, "INTEGRATION_FLOW", "S0023456789", deployedOn, "STARTED", null);
    }

    public RuntimeArtifact withStatus(String newStatus) {
        return new RuntimeArtifact(id, version, name, type, deployedBy, deployedOn, newStatus,
                "ERROR".equals(newStatus) && errorText == null
                        ? "{\"message\":{\"subsystemName\":\"IFLMAP\",\"messageId\":\"CXF_ENDPOINT_FAILED\",\"parameters\":[\"" + id + "\"]}}"
                        : errorText);
    }

    public RuntimeArtifact withVersion(String newVersion) {
        return new RuntimeArtifact(id, newVersion, name, type, deployedBy, deployedOn, status, errorText);
    }
}
