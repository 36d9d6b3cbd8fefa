package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.db.AlertStore;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.ProbeStore;
import io.cpimon.db.RuleQueries;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in rules a configuration enables, in evaluation order ({@code failback} after {@code failover}, so it
 * sees a failover resolved in the same evaluation). The one place that knows the list.
 */
public final class BuiltInRules {
    /** Every built-in rule name, in evaluation order. */
    public static final List<String> NAMES = List.of(TenantDownRule.NAME, ApiUnreachableRule.NAME, AuthFailedRule.NAME,
            SuccessRateDropRule.NAME, ThroughputDropRule.NAME, FailedMessagesRule.NAME, StuckMessagesRule.NAME,
            IflowErrorRule.NAME, CertExpiryRule.NAME, FailoverRule.NAME, FailbackRule.NAME, DuplicateProcessingRule.NAME,
            DrDriftRule.NAME);

    private BuiltInRules() {}

    /**
     * @param cursors nullable: without it, api_unreachable, auth_failed and throughput_drop are left out
     * @param queries nullable: without it, only the probe- and cursor-based rules run
     */
    public static List<Rule> of(CpimonConfig config, ProbeStore probes, PollCursorStore cursors, RuleQueries queries,
                                AlertStore alerts) {
        CpimonConfig.RulesConfig r = config.rules();
        List<Rule> rules = new ArrayList<>();
        if (r.tenantDown().enabled()) {
            rules.add(new TenantDownRule(config, probes));
        }
        if (cursors != null) {
            if (r.apiUnreachable().basics().enabled()) {
                rules.add(new ApiUnreachableRule(config, cursors));
            }
            if (r.authFailed().basics().enabled()) {
                rules.add(new AuthFailedRule(config, cursors));
            }
        }
        if (queries == null) {
            return rules;
        }
        if (r.successRateDrop().basics().enabled()) {
            rules.add(new SuccessRateDropRule(config, queries));
        }
        if (cursors != null && r.throughputDrop().basics().enabled()) {
            rules.add(new ThroughputDropRule(config, queries, cursors));
        }
        if (r.failedMessages().basics().enabled()) {
            rules.add(new FailedMessagesRule(config, queries));
        }
        if (r.stuckMessages().basics().enabled()) {
            rules.add(new StuckMessagesRule(config, queries));
        }
        if (r.iflowError().basics().enabled()) {
            rules.add(new IflowErrorRule(config, queries));
        }
        if (r.certExpiry().basics().enabled()) {
            rules.add(new CertExpiryRule(config, queries));
        }
        if (r.failover().basics().enabled()) {
            rules.add(new FailoverRule(config, queries, probes, alerts));
        }
        if (r.failback().basics().enabled()) {
            rules.add(new FailbackRule(config, alerts));
        }
        if (r.duplicateProcessing().basics().enabled()) {
            rules.add(new DuplicateProcessingRule(config, queries));
        }
        if (r.drDrift().basics().enabled()) {
            rules.add(new DrDriftRule(config, queries));
        }
        return rules;
    }
}
