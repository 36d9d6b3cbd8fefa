package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.db.PollCursor;
import io.cpimon.db.PollCursorStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code api_unreachable}: the tenant's MPL poller failed at least {@code failures} times in a row for a reason
 * other than rejected credentials (that is {@code auth_failed}); {@code for} (default 2m) says how long.
 * Reads the poll cursor the poller maintains.
 */
public final class ApiUnreachableRule extends BasicRule {
    public static final String NAME = "api_unreachable";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<ApiUnreachableConfig> DEFINITION = new RuleKind<>(
            NAME, ApiUnreachableConfig.class, ApiUnreachableConfig.DEFAULTS, ApiUnreachableConfig::bind,
            Set.of(RuleContext.Source.CURSORS), c -> new ApiUnreachableRule(c.config(), c.cursors()));
    static final String STREAM = "mpl";

    private final CpimonConfig config;
    private final PollCursorStore cursors;
    private final int failures;
    private final Pattern auth;

    public ApiUnreachableRule(CpimonConfig config, PollCursorStore cursors) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.cursors = cursors;
        this.failures = config.rules().get(DEFINITION).failures();
        this.auth = Pattern.compile(config.rules().get(AuthFailedRule.DEFINITION).pattern());
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        List<AlertInstance> out = new ArrayList<>();
        Map<String, PollCursor> byTenant = new HashMap<>();
        for (PollCursor c : cursors.all()) {
            if (c.stream().equals(STREAM)) {
                byTenant.put(c.tenantId(), c);
            }
        }
        for (CpimonConfig.TenantConfig t : config.tenants()) {
            PollCursor c = byTenant.get(t.id());
            if (unreachable(c, failures, auth)) {
                out.add(new AlertInstance(labels("tenant", t.id()), annotations(
                        "summary", "CPI API of " + t.name() + " (" + t.id() + ") unreachable",
                        "description", c.consecutiveFailures() + " polls failed in a row; last error: " + excerpt(c.lastError(), 300)
                                + (c.lastSuccess() == null ? "" : "; last success " + c.lastSuccess()),
                        "apiUrl", t.api().url().toString())));
            }
        }
        return out;
    }

    /** @param cursor nullable (never polled: not judged) */
    static boolean unreachable(PollCursor cursor, int failures, Pattern auth) {
        if (cursor == null || cursor.consecutiveFailures() < failures) {
            return false;
        }
        return cursor.lastError() == null || !auth.matcher(cursor.lastError()).matches();
    }
}
