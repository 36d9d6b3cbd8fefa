package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.RuleOverrideConfig;
import io.cpimon.db.RuleQueries;
import io.cpimon.db.RuleQueries.FailedGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code failed_messages}: FAILED messages that ended within {@code window}, one alert per tenant and iFlow
 * (at least {@code minMessages}, and at least {@code minShare} of the iFlow's ended messages, so that an iFlow's usual
 * background of failures is not an alert; override key {@code threshold}); the annotations carry the newest error text (an excerpt), its message GUID and
 * the MPL's {@code AlternateWebLink} (linked by the channels). Resolves when no new failure came for the window.
 */
public final class FailedMessagesRule extends BasicRule {
    public static final String NAME = "failed_messages";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<FailedMessagesConfig> DEFINITION = new RuleKind<>(
            NAME, FailedMessagesConfig.class, FailedMessagesConfig.DEFAULTS, FailedMessagesConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new FailedMessagesRule(c.config(), c.queries()));
    static final int EXCERPT = 500;

    private final CpimonConfig config;
    private final FailedMessagesConfig params;
    private final RuleQueries queries;

    public FailedMessagesRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.params = config.rules().get(DEFINITION);
        this.queries = queries;
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        List<AlertInstance> out = new ArrayList<>();
        Map<String, Long> ended = new HashMap<>();
        for (RuleQueries.EndedCount c : queries.endedCounts(now.minus(params.window()), now)) {
            ended.merge(c.tenantId() + "\u0000" + c.iflow(), c.ended(), Long::sum);
        }
        for (FailedGroup g : queries.failedGroups(now.minus(params.window()))) {
            if (config.tenant(g.tenantId()).isEmpty()) {
                continue;
            }
            RuleOverrideConfig o = Overrides.resolve(params.overrides(), g.tenantId(), g.iflow());
            int min = o.minMessages() != null ? o.minMessages() : params.minMessages();
            double minShare = o.threshold() != null ? o.threshold() : params.minShare();
            long all = Math.max(g.count(), ended.getOrDefault(g.tenantId() + "\u0000" + g.iflow(), 0L));
            if (!Overrides.enabled(o) || !fires(g.count(), all, min, minShare)) {
                continue;
            }
            String iflow = g.iflow() == null ? "(unknown iFlow)" : g.iflow();
            out.add(new AlertInstance(labels("tenant", g.tenantId(), "iflow", g.iflow()), annotations(
                    "summary", g.count() + " failed message" + (g.count() == 1 ? "" : "s") + " of " + iflow + " on " + g.tenantId(),
                    "description", "Newest " + g.messageGuid() + " at " + g.logEnd()
                            + (g.errorText() == null ? " (error text not fetched yet)" : ": " + excerpt(g.errorText(), EXCERPT)),
                    "errorText", excerpt(g.errorText(), EXCERPT),
                    "messageGuid", g.messageGuid(),
                    "count", Long.toString(g.count()),
                    "alternateWebLink", g.alternateWebLink())));
        }
        return out;
    }

    /**
     * @param failed FAILED messages in the window; @param ended all ended messages of the iFlow in the window
     * (at least {@code failed})
     */
    static boolean fires(long failed, long ended, int minMessages, double minShare) {
        return failed > 0 && failed >= minMessages && (double) failed / Math.max(failed, ended) >= minShare;
    }
}
