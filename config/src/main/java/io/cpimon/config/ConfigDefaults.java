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
    /** How long a lease outlives its holder's last renewal: a killed instance's tenants move after at most this. */
    public static final Duration LEASE_TTL = Duration.ofSeconds(30);

    public static final String EMBEDDED_DIR = "./data/pg";
    /** The pool of a small fleet; see {@link #poolSize(int)}. */
    public static final int POOL_SIZE = 10;
    /** The largest default pool, whatever the fleet: PostgreSQL runs no faster with more backends than it has cores. */
    public static final int POOL_SIZE_MAX = 20;

    /**
     * The default {@code database.poolSize} for {@code tenants} tenants: 10, plus one per 100 tenants beyond the first
     * 100, at most {@link #POOL_SIZE_MAX} (1,000 tenants: 19). Each tenant's poller, probe and artifacts loops take a
     * connection for each statement only; more tenants make more short statements at once, not longer ones.
     */
    public static int poolSize(int tenants) {
        return Math.min(POOL_SIZE_MAX, POOL_SIZE + Math.max(0, tenants - 100) / 100);
    }

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
    /** The severities a rule may carry. */
    public static final Map<String, String> SEVERITIES =
            Map.of("critical", "critical", "warning", "warning", "info", "info");
    public static final List<String> FIRST_AT_ONCE = List.of("critical");

    public static final List<String> GROUP_BY = List.of("rule", "tenant");
    public static final Duration GROUP_WAIT = Duration.ofSeconds(10);
    public static final Duration GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration REPEAT_INTERVAL = Duration.ofHours(4);

    /** The message-level rules a down or unreachable tenant mutes. */
    public static final String MESSAGE_RULES = "success_rate_drop|throughput_drop|failed_messages|stuck_messages";
    /** Default inhibition: tenant_down / api_unreachable of a tenant mute that tenant's message-level alerts. */
    public static final List<InhibitConfig> INHIBIT = List.of(new InhibitConfig(
            List.of(LabelMatcher.parse("rule=~\"tenant_down|api_unreachable\"")),
            List.of(LabelMatcher.parse("rule=~\"" + MESSAGE_RULES + "\"")),
            List.of("tenant")));

    /** The {@code rules} section when absent: every rule with its defaults, the default inhibition. */
    public static RulesConfig rules() {
        return new RulesConfig(EVALUATION_INTERVAL, Map.of(), INHIBIT);
    }

    /** {@code pairs[].action}: failed probes of the primary within the window before a failover acts. */
    public static final int ACTION_FAILURES = 3;
    public static final Duration ACTION_WINDOW = Duration.ofMinutes(5);
    public static final Duration ACTION_RECHECK = Duration.ofMinutes(2);
    public static final Duration ACTION_FAILBACK_AFTER = Duration.ofMinutes(10);
    public static final Duration ACTION_APPROVAL_TIMEOUT = Duration.ofHours(1);
    public static final int ACTION_RETRIES = 2;
    public static final Duration ACTION_RETRY_AFTER = Duration.ofMinutes(1);
    public static final Duration ACTION_TIMEOUT = Duration.ofSeconds(10);
}
