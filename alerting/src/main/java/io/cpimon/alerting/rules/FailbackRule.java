package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code failback}, per pair: the pair's failover ended (its {@code failover} alert resolved) less than
 * {@code window} ago and no new failover is open: traffic is back on the primary. Evaluated after
 * {@link FailoverRule}, so it sees a failover resolved in the same evaluation.
 */
public final class FailbackRule extends BasicRule {
    public static final String NAME = "failback";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<FailbackConfig> DEFINITION = new RuleKind<>(
            NAME, FailbackConfig.class, FailbackConfig.DEFAULTS, FailbackConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new FailbackRule(c.config(), c.alerts()));

    private final CpimonConfig config;
    private final AlertStore alerts;
    private final Duration window;

    public FailbackRule(CpimonConfig config, AlertStore alerts) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.alerts = alerts;
        this.window = config.rules().get(DEFINITION).window();
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        if (config.pairs().isEmpty()) {
            return List.of();
        }
        List<Alert> resolved = alerts.resolvedSince(FailoverRule.NAME, now.minus(window));
        List<Alert> open = alerts.openAlerts();
        List<AlertInstance> out = new ArrayList<>();
        for (PairConfig p : config.pairs()) {
            Alert last = resolved.stream().filter(a -> p.id().equals(a.labels().get("pair"))).findFirst().orElse(null);
            if (fails(last, FailoverRule.openFor(open, p.id()), now, window)) {
                out.add(new AlertInstance(labels("pair", p.id()), annotations(
                        "summary", "Pair " + p.id() + " failed back to " + p.primary(),
                        "description", "the failover to " + p.dr() + " that started " + last.activeAt() + " ended " + last.endsAt(),
                        "primary", p.primary(), "dr", p.dr(), "activeTenant", p.primary())));
            }
        }
        return out;
    }

    /** @param lastResolved nullable: the pair's newest resolved failover */
    static boolean fails(Alert lastResolved, boolean failoverOpen, Instant now, Duration window) {
        return lastResolved != null && !failoverOpen && lastResolved.endsAt() != null
                && Duration.between(lastResolved.endsAt(), now).compareTo(window) < 0;
    }
}
