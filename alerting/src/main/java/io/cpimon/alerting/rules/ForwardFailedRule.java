package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.ForwarderConfig;
import io.cpimon.db.RuleQueries;
import io.cpimon.db.RuleQueries.ForwarderState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code forward_failed}: a configured forwarder stopped for good, as its cursor records: the peer answered
 * 401/403/404 or Microsoft Entra refused its credentials, and retrying cannot help. Resolves when the forwarder
 * starts again (which clears the stop) or a batch is acknowledged.
 */
public final class ForwardFailedRule extends BasicRule {
    public static final String NAME = "forward_failed";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<ForwardFailedConfig> DEFINITION = new RuleKind<>(
            NAME, ForwardFailedConfig.class, ForwardFailedConfig.DEFAULTS, ForwardFailedConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new ForwardFailedRule(c.config(), c.queries()));

    private final Map<String, ForwarderConfig> forwarders;
    private final RuleQueries queries;

    public ForwardFailedRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.forwarders = byName(config.forwarding());
        this.queries = queries;
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        List<AlertInstance> out = new ArrayList<>();
        if (forwarders.isEmpty()) {
            return out;
        }
        for (ForwarderState s : queries.forwarders(List.copyOf(forwarders.keySet()))) {
            if (!failed(s.stopped())) {
                continue;
            }
            ForwarderConfig f = forwarders.get(s.sink());
            out.add(new AlertInstance(labels("forwarder", f.name(), "type", f.type()), annotations(
                    "summary", "Forwarder " + f.name() + " (" + f.type() + ") stopped",
                    "description", excerpt(s.stopped(), 300) + ". Fix the forwarder's credentials, their role on"
                            + " the data collection rule or its endpoint, then restart cpimon; rows wait on the"
                            + " cursor and none are lost.",
                    "stoppedAt", s.stoppedAt() == null ? null : s.stoppedAt().toString(),
                    "lastSuccess", s.lastSuccess() == null ? null : s.lastSuccess().toString())));
        }
        return out;
    }

    /** @param stopped nullable: the reason the cursor records */
    static boolean failed(String stopped) {
        return stopped != null && !stopped.isBlank();
    }

    /** The forwarders by name, in configuration order. */
    static Map<String, ForwarderConfig> byName(List<ForwarderConfig> forwarding) {
        Map<String, ForwarderConfig> out = new LinkedHashMap<>();
        forwarding.forEach(f -> out.putIfAbsent(f.name(), f));
        return out;
    }
}
