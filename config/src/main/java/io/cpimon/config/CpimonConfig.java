package io.cpimon.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole, validated configuration tree of one cpimon instance (one YAML file). Immutable.
 * Every collection is non-null (possibly empty); nullable fields say so.
 */
public record CpimonConfig(
        ServerConfig server,
        DatabaseConfig database,
        RetentionConfig retention,
        List<TenantConfig> tenants,
        List<PairConfig> pairs,
        RulesConfig rules,
        List<ChannelConfig> channels,
        List<RouteConfig> routes) {

    public Optional<TenantConfig> tenant(String id) {
        return tenants.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** The pair a tenant belongs to, if any. */
    public Optional<PairConfig> pairOf(String tenantId) {
        return pairs.stream().filter(p -> p.primary().equals(tenantId) || p.dr().equals(tenantId)).findFirst();
    }

    public Optional<ChannelConfig> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    // ---------------------------------------------------------------- server

    /** @param host bind address, default {@code 0.0.0.0}; @param port default 8080 */
    public record ServerConfig(String host, int port, List<TokenConfig> tokens) {}

    public enum Role { VIEWER, OPERATOR, ADMIN }

    public record TokenConfig(String name, Role role, Secret token) {}

    // ---------------------------------------------------------------- database

    /**
     * @param url JDBC URL; null means an embedded PostgreSQL with its data in {@code embeddedDir}
     * @param user nullable
     * @param password nullable
     * @param embeddedDir default {@code ./data/pg}
     * @param poolSize default 10
     */
    public record DatabaseConfig(String url, String user, Secret password, String embeddedDir, int poolSize) {
        public boolean embedded() {
            return url == null;
        }
    }

    /** Defaults: mpl 90d, probes 14d, alerts 365d. */
    public record RetentionConfig(Duration mpl, Duration probes, Duration alerts) {}

    // ---------------------------------------------------------------- tenants

    public record TenantConfig(
            String id,
            String name,
            ApiConfig api,
            ProbeConfig probe,
            PollConfig poll,
            Map<String, String> labels) {}

    /** @param url the OData service root, ending in {@code /api/v1} */
    public record ApiConfig(URI url, AuthConfig auth, Duration timeout) {}

    /** Exactly one of {@code oauth2} and {@code basic} is non-null. */
    public record AuthConfig(OAuth2Config oauth2, BasicAuthConfig basic) {}

    public record OAuth2Config(URI tokenUrl, String clientId, Secret clientSecret) {}

    public record BasicAuthConfig(String user, Secret password) {}

    /**
     * Runtime health probe. Defaults: method HEAD, interval 10s, timeout 5s, upStatus [200, 401].
     * @param auth nullable: credentials sent with the probe
     * @param bodyMatch nullable: a substring the body must contain to count as up (GET only)
     */
    public record ProbeConfig(
            URI url,
            String method,
            Duration interval,
            Duration timeout,
            Set<Integer> upStatus,
            BasicAuthConfig auth,
            String bodyMatch) {}

    /** MPL polling. Defaults: interval 30s, overlap 5m, pageSize 1000, initialLookback 1h. */
    public record PollConfig(Duration interval, Duration overlap, int pageSize, Duration initialLookback) {}

    // ---------------------------------------------------------------- pairs

    public enum PairMode { ACTIVE_ACTIVE, ACTIVE_PASSIVE }

    /**
     * @param businessKey {@code ApplicationMessageId} or the name of a custom header property
     * @param duplicateWindow default 24h
     */
    public record PairConfig(
            String id, String primary, String dr, PairMode mode, String businessKey, Duration duplicateWindow) {}

    // ---------------------------------------------------------------- rules

    /** Built-in rules; every rule is on with defaults when absent from the file. */
    public record RulesConfig(Duration evaluationInterval, TenantDownRule tenantDown) {}

    /**
     * {@code tenant_down}: at least {@code failures} of the last {@code window} probes failed.
     * Defaults: failures 2, window 2, for 0s, keepFiringFor 0s, severity critical.
     */
    public record TenantDownRule(
            boolean enabled, int failures, int window, Duration forDuration, Duration keepFiringFor, String severity) {}

    // ---------------------------------------------------------------- channels and routes

    /** A notification channel; the concrete type decides the wire format. */
    public sealed interface ChannelConfig
            permits TeamsChannel, WebhookChannel, EmailChannel, ServiceNowChannel, AzureMonitorChannel {
        String name();

        String type();
    }

    public enum TeamsFormat { ADAPTIVE, MESSAGECARD }

    /** The URL carries a signature ({@code sig=}), so it is a secret as a whole. */
    public record TeamsChannel(String name, Secret url, TeamsFormat format) implements ChannelConfig {
        public String type() { return "teams"; }
    }

    /** Prometheus Alertmanager v4 webhook JSON. */
    public record WebhookChannel(String name, Secret url, BasicAuthConfig auth) implements ChannelConfig {
        public String type() { return "webhook"; }
    }

    public record SmtpConfig(String host, int port, boolean starttls, String user, Secret password) {}

    public record EmailChannel(String name, SmtpConfig smtp, String from, List<String> to) implements ChannelConfig {
        public String type() { return "email"; }
    }

    public record ServiceNowChannel(
            String name, URI url, String user, Secret password, String assignmentGroup) implements ChannelConfig {
        public String type() { return "servicenow"; }
    }

    public record AzureCredential(String tenantId, String clientId, Secret clientSecret, URI authorityHost) {}

    public record AzureMonitorChannel(
            String name, URI endpoint, String ruleId, String stream, AzureCredential credential) implements ChannelConfig {
        public String type() { return "azure-monitor"; }
    }

    /**
     * First match wins unless {@code continueMatching}. An empty {@code match} matches everything.
     * Defaults: groupBy [rule, tenant], groupWait 10s, groupInterval 5m, repeatInterval 4h.
     */
    public record RouteConfig(
            Map<String, String> match,
            List<String> channels,
            List<String> groupBy,
            Duration groupWait,
            Duration groupInterval,
            Duration repeatInterval,
            boolean continueMatching) {}
}
