package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.Durations;
import io.cpimon.config.ForwarderConfig;
import io.cpimon.db.RuleQueries;
import io.cpimon.db.RuleQueries.ForwarderState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code forward_lag}: the oldest stored change a configured forwarder has not yet sent waits longer than the
 * forwarder's {@code maxLag} (a slow or throttled peer, an outage, too low a {@code maxRowsPerSecond}). A stopped
 * forwarder is left to {@code forward_failed}, which says why. Resolves when the forwarder catches up.
 */
public final class ForwardLagRule extends BasicRule {
    public static final String NAME = "forward_lag";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<ForwardLagConfig> DEFINITION = new RuleKind<>(
            NAME, ForwardLagConfig.class, ForwardLagConfig.DEFAULTS, ForwardLagConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new ForwardLagRule(c.config(), c.queries()));

    private final Map<String, ForwarderConfig> forwarders;
    private final RuleQueries queries;

    public ForwardLagRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.forwarders = ForwardFailedRule.byName(config.forwarding());
        this.queries = queries;
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        List<AlertInstance> out = new ArrayList<>();
        if (forwarders.isEmpty()) {
            return out;
        }
        for (ForwarderState s : queries.forwarders(List.copyOf(forwarders.keySet()))) {
            ForwarderConfig f = forwarders.get(s.sink());
            if (!lagging(s.stopped(), s.oldestPending(), now, f.maxLag())) {
                continue;
            }
            Duration behind = Duration.between(s.oldestPending(), now).truncatedTo(ChronoUnit.SECONDS);
            out.add(new AlertInstance(labels("forwarder", f.name(), "type", f.type()), annotations(
                    "summary", "Forwarder " + f.name() + " (" + f.type() + ") is " + Durations.format(behind)
                            + " behind",
                    "description", "the oldest change not yet forwarded was stored at " + s.oldestPending()
                            + " (maxLag " + Durations.format(f.maxLag()) + "); last acknowledged batch: "
                            + (s.lastSuccess() == null ? "none" : s.lastSuccess().toString())
                            + ". GET /api/v1/forwarders shows its last error.",
                    "lagSeconds", Long.toString(behind.toSeconds()))));
        }
        return out;
    }

    /**
     * Behind by more than {@code maxLag} and not stopped.
     *
     * @param stopped nullable: a stopped forwarder is {@code forward_failed}'s
     * @param oldestPending nullable: nothing pending
     */
    static boolean lagging(String stopped, Instant oldestPending, Instant now, Duration maxLag) {
        return !ForwardFailedRule.failed(stopped) && oldestPending != null
                && Duration.between(oldestPending, now).compareTo(maxLag) > 0;
    }
}
