package io.cpimon.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The values {@link ConfigLoader} applies when a key is absent from cpimon.yaml. */
public final class ConfigDefaults {
    private ConfigDefaults() {}

    public static final String HOST = "0.0.0.0";
    public static final int PORT = 8080;

    public static final String EMBEDDED_DIR = "./data/pg";
    public static final int POOL_SIZE = 10;

    public static final Duration RETENTION_MPL = Duration.ofDays(90);
    public static final Duration RETENTION_PROBES = Duration.ofDays(14);
    public static final Duration RETENTION_ALERTS = Duration.ofDays(365);

    public static final Duration API_TIMEOUT = Duration.ofSeconds(30);
    public static final String PROBE_METHOD = "HEAD";
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(10);
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** 401 counts as up: CPI answers it to an unauthenticated call of a deployed iFlow. */
    public static final Set<Integer> UP_STATUS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(200, 401)));
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(30);
    public static final Duration POLL_OVERLAP = Duration.ofMinutes(5);
    public static final int PAGE_SIZE = 1000;
    public static final Duration INITIAL_LOOKBACK = Duration.ofHours(1);

    public static final CpimonConfig.PairMode PAIR_MODE = CpimonConfig.PairMode.ACTIVE_ACTIVE;
    public static final String BUSINESS_KEY = "ApplicationMessageId";
    public static final Duration DUPLICATE_WINDOW = Duration.ofHours(24);

    public static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(15);
    public static final int TENANT_DOWN_FAILURES = 2;
    public static final int TENANT_DOWN_WINDOW = 2;
    public static final String SEVERITY = "critical";
    /** The severities a rule may carry. */
    public static final Map<String, String> SEVERITIES = Map.of("critical", "critical", "warning", "warning", "info", "info");

    /** YAML {@code type} of each channel record. */
    public static final Map<String, String> CHANNEL_TYPES = Map.of(
            "teams", "teams", "webhook", "webhook", "email", "email",
            "servicenow", "servicenow", "azure-monitor", "azure-monitor", "alertmanager", "alertmanager");
    public static final String SERVICENOW_CLOSE_CODE = "Solution provided";
    public static final String SERVICENOW_CLOSE_NOTES = "Auto-resolved by cpimon";
    public static final List<String> FIRST_AT_ONCE = List.of("critical");
    public static final CpimonConfig.TeamsFormat TEAMS_FORMAT = CpimonConfig.TeamsFormat.ADAPTIVE;
    public static final int SMTP_PORT = 587;

    public static final List<String> GROUP_BY = List.of("rule", "tenant");
    public static final Duration GROUP_WAIT = Duration.ofSeconds(10);
    public static final Duration GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration REPEAT_INTERVAL = Duration.ofHours(4);

    /** The rules' defaults, as when {@code rules} is absent. */
    public static CpimonConfig.RulesConfig rules() {
        return new CpimonConfig.RulesConfig(EVALUATION_INTERVAL, new CpimonConfig.TenantDownRule(
                true, TENANT_DOWN_FAILURES, TENANT_DOWN_WINDOW, Duration.ZERO, Duration.ZERO, SEVERITY),
                new CpimonConfig.ApiUnreachableRule(API_UNREACHABLE, API_UNREACHABLE_FAILURES),
                new CpimonConfig.AuthFailedRule(AUTH_FAILED, AUTH_PATTERN),
                new CpimonConfig.SuccessRateRule(SUCCESS_RATE, SUCCESS_RATE_WINDOW, SUCCESS_RATE_THRESHOLD,
                        SUCCESS_RATE_MIN_MESSAGES, true, List.of()),
                new CpimonConfig.ThroughputRule(THROUGHPUT, THROUGHPUT_WINDOW, THROUGHPUT_RATIO, THROUGHPUT_DAYS,
                        THROUGHPUT_MIN_BASELINE, true, List.of()),
                new CpimonConfig.FailedMessagesRule(FAILED_MESSAGES, FAILED_MESSAGES_WINDOW, FAILED_MESSAGES_MIN,
                        FAILED_MESSAGES_MIN_SHARE, List.of()),
                new CpimonConfig.StuckRule(STUCK, STUCK_AFTER, List.of()),
                new CpimonConfig.IflowErrorRule(IFLOW_ERROR, IFLOW_GONE_FOR),
                new CpimonConfig.CertExpiryRule(CERT_EXPIRY, CERT_EXPIRY_DAYS),
                new CpimonConfig.FailoverRule(FAILOVER, FAILOVER_WINDOW, FAILOVER_ENTER_SHARE, FAILOVER_EXIT_SHARE,
                        FAILOVER_MIN_MESSAGES),
                new CpimonConfig.FailbackRule(FAILBACK, FAILBACK_WINDOW),
                new CpimonConfig.DuplicateRule(DUPLICATE, DUPLICATE_MAX_LISTED),
                new CpimonConfig.DrDriftRule(DR_DRIFT),
                INHIBIT);
    }

    // rule defaults: enabled, for, keepFiringFor, severity, then each rule's own parameters
    public static final CpimonConfig.RuleBasics API_UNREACHABLE = basics(Duration.ofMinutes(2), Duration.ZERO, "critical");
    public static final int API_UNREACHABLE_FAILURES = 3;
    public static final CpimonConfig.RuleBasics AUTH_FAILED = basics(Duration.ZERO, Duration.ZERO, "critical");
    /** What the MPL poller records on its cursor when CPI or the token endpoint rejects the credentials. */
    public static final String AUTH_PATTERN =
            "(?is).*(credentials rejected|rejected client|\\bHTTP 40[13]\\b|unauthori[sz]ed|auth(entication)? fail).*";
    public static final CpimonConfig.RuleBasics SUCCESS_RATE = basics(Duration.ofMinutes(5), Duration.ofMinutes(5), "warning");
    public static final Duration SUCCESS_RATE_WINDOW = Duration.ofMinutes(15);
    public static final double SUCCESS_RATE_THRESHOLD = 0.2;
    public static final int SUCCESS_RATE_MIN_MESSAGES = 20;
    public static final CpimonConfig.RuleBasics THROUGHPUT = basics(Duration.ofMinutes(15), Duration.ofMinutes(15), "warning");
    public static final Duration THROUGHPUT_WINDOW = Duration.ofHours(1);
    public static final double THROUGHPUT_RATIO = 0.3;
    public static final int THROUGHPUT_DAYS = 7;
    public static final int THROUGHPUT_MIN_BASELINE = 20;
    public static final CpimonConfig.RuleBasics FAILED_MESSAGES = basics(Duration.ZERO, Duration.ZERO, "warning");
    public static final Duration FAILED_MESSAGES_WINDOW = Duration.ofMinutes(15);
    public static final int FAILED_MESSAGES_MIN = 1;
    /** An iFlow's usual background of failures is success_rate_drop's business; failed_messages speaks when most fail. */
    public static final double FAILED_MESSAGES_MIN_SHARE = 0.5;
    public static final CpimonConfig.RuleBasics STUCK = basics(Duration.ZERO, Duration.ZERO, "warning");
    public static final Duration STUCK_AFTER = Duration.ofHours(1);
    public static final CpimonConfig.RuleBasics IFLOW_ERROR = basics(Duration.ZERO, Duration.ZERO, "critical");
    public static final Duration IFLOW_GONE_FOR = Duration.ofHours(1);
    public static final CpimonConfig.RuleBasics CERT_EXPIRY = basics(Duration.ZERO, Duration.ZERO, "warning");
    public static final int CERT_EXPIRY_DAYS = 30;
    public static final CpimonConfig.RuleBasics FAILOVER = basics(Duration.ZERO, Duration.ZERO, "critical");
    public static final Duration FAILOVER_WINDOW = Duration.ofMinutes(10);
    public static final double FAILOVER_ENTER_SHARE = 0.9;
    public static final double FAILOVER_EXIT_SHARE = 0.5;
    public static final int FAILOVER_MIN_MESSAGES = 10;
    public static final CpimonConfig.RuleBasics FAILBACK = basics(Duration.ZERO, Duration.ZERO, "warning");
    public static final Duration FAILBACK_WINDOW = Duration.ofMinutes(15);
    public static final CpimonConfig.RuleBasics DUPLICATE = basics(Duration.ZERO, Duration.ZERO, "critical");
    public static final int DUPLICATE_MAX_LISTED = 20;
    public static final CpimonConfig.RuleBasics DR_DRIFT = basics(Duration.ofMinutes(10), Duration.ZERO, "warning");
    /** The message-level rules a down or unreachable tenant mutes. */
    public static final String MESSAGE_RULES = "success_rate_drop|throughput_drop|failed_messages|stuck_messages";
    /** Default inhibition: tenant_down / api_unreachable of a tenant mute that tenant's message-level alerts. */
    public static final List<CpimonConfig.InhibitRule> INHIBIT = List.of(new CpimonConfig.InhibitRule(
            List.of(LabelMatcher.parse("rule=~\"tenant_down|api_unreachable\"")),
            List.of(LabelMatcher.parse("rule=~\"" + MESSAGE_RULES + "\"")),
            List.of("tenant")));

    static CpimonConfig.RuleBasics basics(Duration forDuration, Duration keepFiringFor, String severity) {
        return new CpimonConfig.RuleBasics(true, forDuration, keepFiringFor, severity);
    }
}
