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
 * {@code auth_failed}: the tenant's MPL poller's last poll failed and its error (on the poll cursor) says the
 * credentials were rejected ({@code rules.auth_failed.pattern}). Resolves with the next successful poll, which
 * clears the cursor's error.
 */
public final class AuthFailedRule extends BasicRule {
    public static final String NAME = "auth_failed";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<AuthFailedConfig> DEFINITION = new RuleKind<>(
            NAME, AuthFailedConfig.class, AuthFailedConfig.DEFAULTS, AuthFailedConfig::bind,
            Set.of(RuleContext.Source.CURSORS), c -> new AuthFailedRule(c.config(), c.cursors()));

    private final CpimonConfig config;
    private final PollCursorStore cursors;
    private final Pattern pattern;

    public AuthFailedRule(CpimonConfig config, PollCursorStore cursors) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.cursors = cursors;
        this.pattern = Pattern.compile(config.rules().get(DEFINITION).pattern());
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        List<AlertInstance> out = new ArrayList<>();
        Map<String, PollCursor> byTenant = new HashMap<>();
        for (PollCursor c : cursors.all()) {
            if (c.stream().equals(ApiUnreachableRule.STREAM)) {
                byTenant.put(c.tenantId(), c);
            }
        }
        for (CpimonConfig.TenantConfig t : config.tenants()) {
            PollCursor c = byTenant.get(t.id());
            if (authFailed(c, pattern)) {
                out.add(new AlertInstance(labels("tenant", t.id()), annotations(
                        "summary", "CPI rejects cpimon's credentials for " + t.name() + " (" + t.id() + ")",
                        "description", "last error: " + excerpt(c.lastError(), 300)
                                + ". Check the client id and secret (or user and password) in the tenant's api.auth.")));
            }
        }
        return out;
    }

    /** @param cursor nullable */
    static boolean authFailed(PollCursor cursor, Pattern pattern) {
        return cursor != null && cursor.consecutiveFailures() > 0 && cursor.lastError() != null
                && pattern.matcher(cursor.lastError()).matches();
    }
}
