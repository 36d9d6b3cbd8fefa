package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.RuleOverrideConfig;
import io.cpimon.db.RuleQueries;
import io.cpimon.db.RuleQueries.RunningMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code stuck_messages}: a message PROCESSING or RETRY for longer than {@code after} (per tenant/iFlow
 * overrides), one alert per tenant and iFlow naming the oldest. A message without LogStart is not judged.
 */
public final class StuckMessagesRule extends BasicRule {
    public static final String NAME = "stuck_messages";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<StuckMessagesConfig> DEFINITION = new RuleKind<>(
            NAME, StuckMessagesConfig.class, StuckMessagesConfig.DEFAULTS, StuckMessagesConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new StuckMessagesRule(c.config(), c.queries()));
    static final int LIMIT = 10_000;

    private final CpimonConfig config;
    private final StuckMessagesConfig params;
    private final RuleQueries queries;

    public StuckMessagesRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.params = config.rules().get(DEFINITION);
        this.queries = queries;
    }

    private record Key(String tenant, String iflow) {}

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        Duration shortest = params.after();
        for (RuleOverrideConfig o : params.overrides()) {
            if (o.after() != null && o.after().compareTo(shortest) < 0) {
                shortest = o.after();
            }
        }
        Map<Key, List<RunningMessage>> groups = new LinkedHashMap<>();
        for (RunningMessage m : queries.running(now.minus(shortest), LIMIT)) {
            RuleOverrideConfig o = Overrides.resolve(params.overrides(), m.tenantId(), m.iflow());
            Duration after = o.after() != null ? o.after() : params.after();
            if (config.tenant(m.tenantId()).isPresent() && Overrides.enabled(o) && stuck(m.logStart(), now, after)) {
                groups.computeIfAbsent(new Key(m.tenantId(), m.iflow()), k -> new ArrayList<>()).add(m);
            }
        }
        List<AlertInstance> out = new ArrayList<>();
        groups.forEach((k, list) -> {
            RunningMessage oldest = list.getFirst();
            String iflow = k.iflow() == null ? "(unknown iFlow)" : k.iflow();
            out.add(new AlertInstance(labels("tenant", k.tenant(), "iflow", k.iflow()), annotations(
                    "summary", list.size() + " message" + (list.size() == 1 ? "" : "s") + " of " + iflow + " on " + k.tenant()
                            + " stuck in " + oldest.status(),
                    "description", "oldest " + oldest.messageGuid() + " " + oldest.status() + " since " + oldest.logStart(),
                    "messageGuid", oldest.messageGuid(),
                    "count", Integer.toString(list.size()),
                    "alternateWebLink", oldest.alternateWebLink())));
        });
        return out;
    }

    /** Running for longer than {@code after}; a null LogStart is not judged. */
    static boolean stuck(Instant logStart, Instant now, Duration after) {
        return logStart != null && Duration.between(logStart, now).compareTo(after) > 0;
    }
}
