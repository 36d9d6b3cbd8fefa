package io.cpimon.alerting.channels;

import io.cpimon.config.Secret;
import java.net.URI;

/**
 * The Entra ID service principal an {@code azure-monitor} channel signs in with.
 *
 * @param authorityHost nullable: the public cloud's authority
 */
public record AzureCredentialConfig(String tenantId, String clientId, Secret clientSecret, URI authorityHost) {}
