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
        List<RouteConfig> routes,
        List<ForwarderConfig> forwarding) {

    /** Without forwarders. */
    public CpimonConfig(ServerConfig server, DatabaseConfig database, RetentionConfig retention,
                        List<TenantConfig> tenants, List<PairConfig> pairs, RulesConfig rules,
                        List<ChannelConfig> channels, List<RouteConfig> routes) {
        this(server, database, retention, tenants, pairs, rules, channels, routes, List.of());
    }

    public Optional<TenantConfig> tenant(String id) {
        return tenants.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** The pair a tenant belongs to, if any. */
    public Optional<PairConfig> pairOf(String tenantId) {
        return pairs.stream().filter(p -> p.primary().equals(tenantId) || p.dr().equals(tenantId)).findFirst();
    }

    /** The same configuration with other rules (tests and tools that look at some rules only). */
    public CpimonConfig withRules(RulesConfig newRules) {
        return new CpimonConfig(server, database, retention, tenants, pairs, newRules, channels, routes, forwarding);
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
    public record RulesConfig(
            Duration evaluationInterval,
            TenantDownRule tenantDown,
            ApiUnreachableRule apiUnreachable,
            AuthFailedRule authFailed,
            SuccessRateRule successRateDrop,
            ThroughputRule throughputDrop,
            FailedMessagesRule failedMessages,
            StuckRule stuckMessages,
            IflowErrorRule iflowError,
            CertExpiryRule certExpiry,
            FailoverRule failover,
            FailbackRule failback,
            DuplicateRule duplicateProcessing,
            DrDriftRule drDrift,
            List<InhibitRule> inhibit) {

        /** These rules with every rule not named switched off (names as in the file: tenant_down, failover, …). */
        public RulesConfig only(String... names) {
            java.util.Set<String> on = java.util.Set.of(names);
            return new RulesConfig(evaluationInterval,
                    new TenantDownRule(on.contains("tenant_down") && tenantDown.enabled(), tenantDown.failures(), tenantDown.window(),
                            tenantDown.forDuration(), tenantDown.keepFiringFor(), tenantDown.severity()),
                    new ApiUnreachableRule(on(on, "api_unreachable", apiUnreachable.basics()), apiUnreachable.failures()),
                    new AuthFailedRule(on(on, "auth_failed", authFailed.basics()), authFailed.pattern()),
                    new SuccessRateRule(on(on, "success_rate_drop", successRateDrop.basics()), successRateDrop.window(),
                            successRateDrop.threshold(), successRateDrop.minMessages(), successRateDrop.perIflow(), successRateDrop.overrides()),
                    new ThroughputRule(on(on, "throughput_drop", throughputDrop.basics()), throughputDrop.window(), throughputDrop.ratio(),
                            throughputDrop.days(), throughputDrop.minBaseline(), throughputDrop.silence(), throughputDrop.overrides()),
                    new FailedMessagesRule(on(on, "failed_messages", failedMessages.basics()), failedMessages.window(),
                            failedMessages.minMessages(), failedMessages.minShare(), failedMessages.overrides()),
                    new StuckRule(on(on, "stuck_messages", stuckMessages.basics()), stuckMessages.after(), stuckMessages.overrides()),
                    new IflowErrorRule(on(on, "iflow_error", iflowError.basics()), iflowError.goneFor()),
                    new CertExpiryRule(on(on, "cert_expiry", certExpiry.basics()), certExpiry.days()),
                    new FailoverRule(on(on, "failover", failover.basics()), failover.window(), failover.enterShare(),
                            failover.exitShare(), failover.minMessages()),
                    new FailbackRule(on(on, "failback", failback.basics()), failback.window()),
                    new DuplicateRule(on(on, "duplicate_processing", duplicateProcessing.basics()), duplicateProcessing.maxListed()),
                    new DrDriftRule(on(on, "dr_drift", drDrift.basics())),
                    inhibit);
        }

        private static RuleBasics on(java.util.Set<String> on, String name, RuleBasics b) {
            return new RuleBasics(on.contains(name) && b.enabled(), b.forDuration(), b.keepFiringFor(), b.severity());
        }
    }

    /** What every rule has: on/off, {@code for}, {@code keepFiringFor}, the severity label. */
    public record RuleBasics(boolean enabled, Duration forDuration, Duration keepFiringFor, String severity) {}

    /**
     * A per-tenant and/or per-iFlow override of a rule's parameters; null fields keep the rule's value.
     * The most specific matching override wins (tenant+iflow, then iflow, then tenant).
     * @param tenant nullable: any tenant; @param iflow nullable: any iFlow
     */
    public record RuleOverride(
            String tenant, String iflow, Boolean enabled, Double threshold, Integer minMessages, Double ratio, Duration after) {}

    /** {@code api_unreachable}: the MPL poller failed at least {@code failures} times in a row (auth failures excluded). */
    public record ApiUnreachableRule(RuleBasics basics, int failures) {}

    /** {@code auth_failed}: the MPL poller's last error matches {@code pattern} (rejected credentials). */
    public record AuthFailedRule(RuleBasics basics, String pattern) {}

    /** {@code success_rate_drop}: failed/ended over {@code window} above {@code threshold} with at least {@code minMessages}. */
    public record SuccessRateRule(RuleBasics basics, Duration window, double threshold, int minMessages, boolean perIflow,
                                  List<RuleOverride> overrides) {}

    /**
     * {@code throughput_drop}: ended messages over {@code window} below {@code ratio} × the mean of the same window
     * on each of the last {@code days} days, when that mean is at least {@code minBaseline}; with {@code silence},
     * also an iFlow with such a baseline and no message at all.
     */
    public record ThroughputRule(RuleBasics basics, Duration window, double ratio, int days, int minBaseline, boolean silence,
                                 List<RuleOverride> overrides) {}

    /**
     * {@code failed_messages}: FAILED messages that ended within {@code window}, one alert per tenant and iFlow, when
     * there are at least {@code minMessages} and they are at least {@code minShare} of the iFlow's ended messages
     * (so that an iFlow's usual background of failures is not an alert).
     */
    public record FailedMessagesRule(RuleBasics basics, Duration window, int minMessages, double minShare,
                                     List<RuleOverride> overrides) {}

    /** {@code stuck_messages}: a message PROCESSING or RETRY for longer than {@code after}. */
    public record StuckRule(RuleBasics basics, Duration after, List<RuleOverride> overrides) {}

    /** {@code iflow_error}: a deployed artifact in ERROR, or undeployed less than {@code goneFor} ago. */
    public record IflowErrorRule(RuleBasics basics, Duration goneFor) {}

    /** {@code cert_expiry}: a keystore certificate expiring within {@code days}. */
    public record CertExpiryRule(RuleBasics basics, int days) {}

    /**
     * {@code failover}: over {@code window} the DR tenant's share of the pair's ended messages reaches {@code enterShare}
     * (with at least {@code minMessages}), or the primary is down while the DR tenant is up; it ends only when the DR
     * share falls below {@code exitShare} with the primary up (hysteresis).
     */
    public record FailoverRule(RuleBasics basics, Duration window, double enterShare, double exitShare, int minMessages) {}

    /** {@code failback}: a pair's failover ended less than {@code window} ago. */
    public record FailbackRule(RuleBasics basics, Duration window) {}

    /** {@code duplicate_processing}: one business key COMPLETED on both tenants of a pair within its duplicateWindow. */
    public record DuplicateRule(RuleBasics basics, int maxListed) {}

    /** {@code dr_drift}: an artifact STARTED on the primary is missing, in ERROR or at another version on the DR tenant. */
    public record DrDriftRule(RuleBasics basics) {}

    /**
     * Alertmanager inhibit rule: while an alert matching {@code source} is FIRING, the alerts matching {@code target}
     * with the same values of the {@code equal} labels (absent = empty) are muted; an alert matching both sides is
     * not muted by alerts matching both.
     */
    public record InhibitRule(List<LabelMatcher> source, List<LabelMatcher> target, List<String> equal) {}

    /**
     * {@code tenant_down}: at least {@code failures} of the last {@code window} probes failed.
     * Defaults: failures 2, window 2, for 0s, keepFiringFor 0s, severity critical.
     */
    public record TenantDownRule(
            boolean enabled, int failures, int window, Duration forDuration, Duration keepFiringFor, String severity) {}

    // ---------------------------------------------------------------- channels and routes

    /** A notification channel; the concrete type decides the wire format. */
    public sealed interface ChannelConfig
            permits TeamsChannel, WebhookChannel, EmailChannel, ServiceNowChannel, AzureMonitorChannel, AlertmanagerChannel {
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

    /** {@code TABLE}: incidents through the Table API; {@code EVENT}: Event Management {@code jsonv2} events. */
    public enum ServiceNowMode { TABLE, EVENT }

    /**
     * @param mode default TABLE; @param closeCode resolve code, default {@code Solution provided};
     * @param closeNotes resolve notes prefix, default {@code Auto-resolved by cpimon}
     */
    public record ServiceNowChannel(
            String name, URI url, String user, Secret password, String assignmentGroup,
            ServiceNowMode mode, String closeCode, String closeNotes) implements ChannelConfig {
        public ServiceNowChannel(String name, URI url, String user, Secret password, String assignmentGroup) {
            this(name, url, user, password, assignmentGroup, ServiceNowMode.TABLE, ConfigDefaults.SERVICENOW_CLOSE_CODE,
                    ConfigDefaults.SERVICENOW_CLOSE_NOTES);
        }

        public String type() { return "servicenow"; }
    }

    /** Pushes alerts into a Prometheus Alertmanager (API v2 {@code POST /api/v2/alerts}). @param auth nullable */
    public record AlertmanagerChannel(String name, URI url, BasicAuthConfig auth) implements ChannelConfig {
        public String type() { return "alertmanager"; }
    }

    public record AzureCredential(String tenantId, String clientId, Secret clientSecret, URI authorityHost) {}

    public record AzureMonitorChannel(
            String name, URI endpoint, String ruleId, String stream, AzureCredential credential) implements ChannelConfig {
        public String type() { return "azure-monitor"; }
    }

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
