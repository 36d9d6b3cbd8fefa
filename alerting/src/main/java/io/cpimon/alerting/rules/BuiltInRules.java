package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.db.AlertStore;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.ProbeStore;
import io.cpimon.db.RuleQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The built-in rules, in evaluation order ({@code failback} after {@code failover}, so it sees a failover resolved
 * in the same evaluation): the one list of rules, which the configuration, its printout, the API and the evaluator
 * follow. A new rule is its own class with its {@code DEFINITION}, and one line here.
 */
public final class BuiltInRules {
    /** Every built-in rule, in evaluation order. */
    public static final List<RuleKind<?>> ALL = List.of(
            TenantDownRule.DEFINITION,
            ApiUnreachableRule.DEFINITION,
            AuthFailedRule.DEFINITION,
            SuccessRateDropRule.DEFINITION,
            ThroughputDropRule.DEFINITION,
            FailedMessagesRule.DEFINITION,
            StuckMessagesRule.DEFINITION,
            IflowErrorRule.DEFINITION,
            CertExpiryRule.DEFINITION,
            FailoverRule.DEFINITION,
            FailbackRule.DEFINITION,
            DuplicateProcessingRule.DEFINITION,
            DrDriftRule.DEFINITION,
            DrNotReadyRule.DEFINITION,
            VariableExpiringRule.DEFINITION,
            JmsCapacityRule.DEFINITION,
            DataStoreOverdueRule.DEFINITION,
            IflowSilentRule.DEFINITION,
            ForwardFailedRule.DEFINITION,
            ForwardLagRule.DEFINITION);

    /**
     * The rules whose condition a probe result can change: they are evaluated as soon as such a result is stored, and
     * on every evaluation interval; the others only on the interval. {@code failback} is among them because it
     * follows {@code failover}'s resolution in the same evaluation.
     */
    public static final Set<String> PROBE_DRIVEN = Set.of(TenantDownRule.NAME, FailoverRule.NAME, FailbackRule.NAME);

    private BuiltInRules() {}

    /**
     * The rules the configuration switches on, in evaluation order.
     *
     * @param cursors nullable: without it, api_unreachable, auth_failed and throughput_drop are left out
     * @param queries nullable: without it, only the probe- and cursor-based rules run
     */
    public static List<Rule> of(CpimonConfig config, ProbeStore probes, PollCursorStore cursors, RuleQueries queries,
                                AlertStore alerts) {
        RuleContext context = new RuleContext(config, probes, cursors, queries, alerts);
        List<Rule> rules = new ArrayList<>();
        for (RuleKind<?> kind : ALL) {
            kind.create(context).ifPresent(rules::add);
        }
        return rules;
    }
}
