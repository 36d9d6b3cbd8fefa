package io.cpimon.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole, validated configuration tree of one cpimon instance (one YAML file). Immutable.
 * Every collection is non-null (possibly empty); nullable fields say so. The rules' parameters and the channels
 * are records of the rules and channel kinds of the {@link ConfigCatalogue} the file was loaded with.
 */
public record CpimonConfig(
        ServerConfig server,
        DatabaseConfig database,
        RetentionConfig retention,
        List<TenantConfig> tenants,
        List<PairConfig> pairs,
        RulesConfig rules,
        List<ChannelConfig> channels,
        List<RouteConfig> routes,
        List<ForwarderConfig> forwarding,
        LoggingConfig logging) {

    /** The tenants indexed by id ({@link #tenant(String)} is a lookup, not a scan). */
    public CpimonConfig {
        tenants = TenantList.of(tenants);
    }

    /** With text logs. */
    public CpimonConfig(ServerConfig server, DatabaseConfig database, RetentionConfig retention,
                        List<TenantConfig> tenants, List<PairConfig> pairs, RulesConfig rules,
                        List<ChannelConfig> channels, List<RouteConfig> routes, List<ForwarderConfig> forwarding) {
        this(server, database, retention, tenants, pairs, rules, channels, routes, forwarding, LoggingConfig.TEXT);
    }

    /** Without forwarders. */
    public CpimonConfig(ServerConfig server, DatabaseConfig database, RetentionConfig retention,
                        List<TenantConfig> tenants, List<PairConfig> pairs, RulesConfig rules,
                        List<ChannelConfig> channels, List<RouteConfig> routes) {
        this(server, database, retention, tenants, pairs, rules, channels, routes, List.of());
    }

    public Optional<TenantConfig> tenant(String id) {
        return tenants instanceof TenantList indexed ? Optional.ofNullable(indexed.byId(id))
                : tenants.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** The pair a tenant belongs to, if any. */
    public Optional<PairConfig> pairOf(String tenantId) {
        return pairs.stream().filter(p -> p.primary().equals(tenantId) || p.dr().equals(tenantId)).findFirst();
    }

    /** The same configuration with other rules (tests and tools that look at some rules only). */
    public CpimonConfig withRules(RulesConfig newRules) {
        return new CpimonConfig(server, database, retention, tenants, pairs, newRules, channels, routes, forwarding,
                logging);
    }

    /** The same configuration with other log settings. */
    public CpimonConfig withLogging(LoggingConfig newLogging) {
        return new CpimonConfig(server, database, retention, tenants, pairs, rules, channels, routes, forwarding,
                newLogging);
    }

    public Optional<ChannelConfig> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    // ---------------------------------------------------------------- server

    /**
     * @param host bind address, default {@code 0.0.0.0}
     * @param port default 8080
     * @param externalUrl nullable: the URL users open cpimon at (links in notifications); null derives it from the
     *                    bind address and the bound port (see {@code server}'s {@code CpimonServer})
     * @param tls nullable: plain HTTP without it
     * @param instanceId nullable: this instance's name among the instances sharing one database; null stands for the
     *                   host name and process id
     * @param leaseTtl how long a tenant's or the leader's lease outlives its holder's last renewal, default 30 s
     */
    public record ServerConfig(String host, int port, List<TokenConfig> tokens, URI externalUrl, TlsConfig tls,
                               String instanceId, Duration leaseTtl) {
        /** Without an external URL: links are derived from the bind address. */
        public ServerConfig(String host, int port, List<TokenConfig> tokens) {
            this(host, port, tokens, null, null);
        }

        /** Plain HTTP. */
        public ServerConfig(String host, int port, List<TokenConfig> tokens, URI externalUrl) {
            this(host, port, tokens, externalUrl, null);
        }

        /** The default instance id and lease TTL. */
        public ServerConfig(String host, int port, List<TokenConfig> tokens, URI externalUrl, TlsConfig tls) {
            this(host, port, tokens, externalUrl, tls, null, ConfigDefaults.LEASE_TTL);
        }

        /** This configuration under another instance id and lease TTL. */
        public ServerConfig withInstance(String id, Duration ttl) {
            return new ServerConfig(host, port, tokens, externalUrl, tls, id, ttl);
        }
    }

    /**
     * The HTTP server's key and certificate: a PEM pair ({@code certificate} and {@code key}: the certificate chain and
     * its unencrypted PKCS#8 private key) or a PKCS#12 file ({@code keystore} and its {@code password}); the other two
     * fields are null. Paths are absolute.
     */
    public record TlsConfig(Path certificate, Path key, Path keystore, Secret password) {
        public boolean pem() {
            return certificate != null;
        }
    }

    public enum Role { VIEWER, OPERATOR, ADMIN }

    public record TokenConfig(String name, Role role, Secret token) {}

    // ---------------------------------------------------------------- logging

    /** How log lines are written: {@code TEXT} for people, {@code JSON} (one object per line) for log shippers. */
    public enum LogFormat { TEXT, JSON }

    /** @param format default {@code TEXT} */
    public record LoggingConfig(LogFormat format) {
        public static final LoggingConfig TEXT = new LoggingConfig(LogFormat.TEXT);
    }

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
     * @param action nullable: the pair's failover action
     */
    public record PairConfig(String id, String primary, String dr, PairMode mode, String businessKey,
                             Duration duplicateWindow, ActionConfig action) {
        /** Without a failover action. */
        public PairConfig(String id, String primary, String dr, PairMode mode, String businessKey,
                          Duration duplicateWindow) {
            this(id, primary, dr, mode, businessKey, duplicateWindow, null);
        }
    }

    // ---------------------------------------------------------------- routes

    /**
     * First match wins unless {@code continueMatching}. An empty {@code match} matches everything.
     * Defaults: groupBy [rule, tenant], groupWait 10s, groupInterval 5m, repeatInterval 4h.
     * {@code firstAtOnce}: severities whose first notification of a new group skips groupWait (default [critical]);
     * {@code fallback}: nullable channel that receives the route's notifications that went dead.
     */
    public record RouteConfig(
            Map<String, String> match,
            List<String> channels,
            List<String> groupBy,
            Duration groupWait,
            Duration groupInterval,
            Duration repeatInterval,
            boolean continueMatching,
            List<String> firstAtOnce,
            String fallback) {
        /** Without {@code firstAtOnce} (default: critical) and {@code fallback} (none). */
        public RouteConfig(Map<String, String> match, List<String> channels, List<String> groupBy, Duration groupWait,
                           Duration groupInterval, Duration repeatInterval, boolean continueMatching) {
            this(match, channels, groupBy, groupWait, groupInterval, repeatInterval, continueMatching,
                    ConfigDefaults.FIRST_AT_ONCE, null);
        }
    }
}
