package io.cpimon.ingest.testing;

import io.cpimon.config.ConfigDefaults;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.ApiConfig;
import io.cpimon.config.CpimonConfig.AuthConfig;
import io.cpimon.config.CpimonConfig.BasicAuthConfig;
import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.config.CpimonConfig.OAuth2Config;
import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.config.CpimonConfig.ProbeConfig;
import io.cpimon.config.CpimonConfig.RetentionConfig;
import io.cpimon.config.CpimonConfig.ServerConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.config.Secret;
import io.cpimon.simulator.tenant.SimulatedTenant;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Configuration pointing at simulated tenants, as an operator would write it. */
public final class SimulatedTenants {
    private SimulatedTenants() {}

    public static TenantConfig oauth2(SimulatedTenant t, PollConfig poll) {
        return tenant(t, new AuthConfig(new OAuth2Config(URI.create(t.tokenUrl()), t.clientId(), Secret.of(t.clientSecret())), null), poll);
    }

    public static TenantConfig basic(SimulatedTenant t, PollConfig poll) {
        return tenant(t, new AuthConfig(null, new BasicAuthConfig(t.basicUser(), Secret.of(t.basicPassword()))), poll);
    }

    /** OAuth2 with an API timeout of its own (hanging tenants). */
    public static TenantConfig oauth2(SimulatedTenant t, PollConfig poll, Duration apiTimeout) {
        return tenant(t, new AuthConfig(new OAuth2Config(URI.create(t.tokenUrl()), t.clientId(), Secret.of(t.clientSecret())), null), poll, apiTimeout);
    }

    private static TenantConfig tenant(SimulatedTenant t, AuthConfig auth, PollConfig poll) {
        return tenant(t, auth, poll, Duration.ofSeconds(5));
    }

    private static TenantConfig tenant(SimulatedTenant t, AuthConfig auth, PollConfig poll, Duration apiTimeout) {
        return new TenantConfig(t.id(), t.id(), new ApiConfig(URI.create(t.apiUrl()), auth, apiTimeout),
                new ProbeConfig(URI.create(t.runtimeUrl()), "HEAD", Duration.ofSeconds(10), Duration.ofSeconds(2),
                        Set.of(200, 401), null, null),
                poll, Map.of());
    }

    public static PollConfig poll(Duration overlap, int pageSize, Duration initialLookback) {
        return new PollConfig(Duration.ofSeconds(30), overlap, pageSize, initialLookback);
    }

    public static CpimonConfig config(List<TenantConfig> tenants) {
        return new CpimonConfig(new ServerConfig("127.0.0.1", 0, List.of()),
                new DatabaseConfig(null, null, null, ConfigDefaults.EMBEDDED_DIR, 4),
                new RetentionConfig(ConfigDefaults.RETENTION_MPL, ConfigDefaults.RETENTION_PROBES, ConfigDefaults.RETENTION_ALERTS),
                tenants, List.of(), ConfigDefaults.rules(), List.of(), List.of());
    }
}
