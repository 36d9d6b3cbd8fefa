package io.cpimon.alerting.rules;

import io.cpimon.alerting.readiness.ReadinessCheck;
import io.cpimon.config.CpimonConfig;
import io.cpimon.db.ContentRow;
import io.cpimon.db.ContentRow.Kind;
import io.cpimon.db.RuleQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code variable_expiring}, per tenant and variable: a global or local variable reaches its RetainUntil within
 * {@code days} (or has passed it). The tenant deletes a variable at its RetainUntil unless an iFlow writes it again,
 * and an iFlow that reads it fails then (docs/cpi-api.md §9.3). Labels tenant, variable, iflow ({@code ""} global).
 */
public final class VariableExpiringRule extends BasicRule {
    public static final String NAME = "variable_expiring";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<VariableExpiringConfig> DEFINITION = new RuleKind<>(
            NAME, VariableExpiringConfig.class, VariableExpiringConfig.DEFAULTS, VariableExpiringConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new VariableExpiringRule(c.config(), c.queries()));

    private final CpimonConfig config;
    private final RuleQueries queries;
    private final int days;

    public VariableExpiringRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.queries = queries;
        this.days = config.rules().get(DEFINITION).days();
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        Instant horizon = now.plus(Duration.ofDays(days));
        List<AlertInstance> out = new ArrayList<>();
        for (ContentRow v : queries.content().all()) {
            if (v.kind() != Kind.VARIABLE || config.tenant(v.tenantId()).isEmpty()
                    || !ReadinessCheck.expiresWithin(v.expiresAt(), now, horizon)) {
                continue;
            }
            long left = ReadinessCheck.daysLeft(now, v.expiresAt());
            String what = (v.scope().isEmpty() ? "Global variable " : "Variable ") + v.name()
                    + (v.scope().isEmpty() ? "" : " of " + v.scope()) + " on " + v.tenantId();
            out.add(new AlertInstance(labels("tenant", v.tenantId(), "variable", v.name(), "iflow", v.scope()),
                    annotations(
                            "summary", v.expiresAt().isAfter(now)
                                    ? what + " expires in " + left + " day" + (left == 1 ? "" : "s")
                                    : what + " has passed its RetainUntil",
                            "description", "RetainUntil " + v.expiresAt() + ": the tenant deletes it then unless an"
                                    + " iFlow writes it again" + (v.updatedAt() == null ? "" : "; last written "
                                    + v.updatedAt()),
                            "retainUntil", v.expiresAt().toString())));
        }
        return out;
    }
}
