package io.cpimon.db;

import java.time.Instant;

/**
 * One integration artifact deployed on a tenant's runtime ({@code IntegrationRuntimeArtifacts}).
 * Key: (tenantId, artifactId). All fields but the key and {@code seenAt} are nullable.
 *
 * @param status STARTED, STARTING, STOPPING or ERROR
 * @param errorText the artifact's ErrorInformation when status is ERROR and it was fetched, else null
 * @param seenAt when the poller last saw it deployed
 */
public record ArtifactRow(
        String tenantId,
        String artifactId,
        String version,
        String name,
        String type,
        String status,
        Instant deployedOn,
        String deployedBy,
        String errorText,
        Instant seenAt) {}
