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
            "servicenow", "servicenow", "azure-monitor", "azure-monitor");
    public static final CpimonConfig.TeamsFormat TEAMS_FORMAT = CpimonConfig.TeamsFormat.ADAPTIVE;
    public static final int SMTP_PORT = 587;

    public static final List<String> GROUP_BY = List.of("rule", "tenant");
    public static final Duration GROUP_WAIT = Duration.ofSeconds(10);
    public static final Duration GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration REPEAT_INTERVAL = Duration.ofHours(4);

    /** The rules' defaults, as when {@code rules} is absent. */
    public static CpimonConfig.RulesConfig rules() {
        return new CpimonConfig.RulesConfig(EVALUATION_INTERVAL, new CpimonConfig.TenantDownRule(
                true, TENANT_DOWN_FAILURES, TENANT_DOWN_WINDOW, Duration.ZERO, Duration.ZERO, SEVERITY));
    }
}
