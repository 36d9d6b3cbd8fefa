package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.RuleOverrideConfig;
import io.cpimon.db.RuleQueries;
import io.cpimon.db.RuleQueries.EndedCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code success_rate_drop}: over {@code window}, failed/(all ended) exceeds {@code threshold} with at least
 * {@code minMessages} ended, per tenant and (with {@code perIflow}) per iFlow; overrides per tenant/iFlow.
 */
public final class SuccessRateDropRule extends BasicRule {
    public static final String NAME = "success_rate_drop";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<SuccessRateDropConfig> DEFINITION = new RuleKind<>(
            NAME, SuccessRateDropConfig.class, SuccessRateDropConfig.DEFAULTS, SuccessRateDropConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new SuccessRateDropRule(c.config(), c.queries()));

    private final CpimonConfig config;
    private final SuccessRateDropConfig params;
    private final RuleQueries queries;

    public SuccessRateDropRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.params = config.rules().get(DEFINITION);
        this.queries = queries;
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        Map<String, long[]> perTenant = new LinkedHashMap<>();
        List<AlertInstance> out = new ArrayList<>();
        for (EndedCount c : queries.endedCounts(now.minus(params.window()), now)) {
            if (config.tenant(c.tenantId()).isEmpty()) {
                continue;
            }
            long[] sum = perTenant.computeIfAbsent(c.tenantId(), t -> new long[2]);
            sum[0] += c.ended();
            sum[1] += c.failed();
            if (params.perIflow() && c.iflow() != null) {
                judge(c.tenantId(), c.iflow(), c.ended(), c.failed(), out);
            }
        }
        perTenant.forEach((tenant, sum) -> judge(tenant, null, sum[0], sum[1], out));
        return out;
    }

    private void judge(String tenant, String iflow, long ended, long failed, List<AlertInstance> out) {
        RuleOverrideConfig o = Overrides.resolve(params.overrides(), tenant, iflow);
        double threshold = o.threshold() != null ? o.threshold() : params.threshold();
        int minMessages = o.minMessages() != null ? o.minMessages() : params.minMessages();
        if (!Overrides.enabled(o) || !drops(ended, failed, threshold, minMessages)) {
            return;
        }
        String rate = String.format(Locale.ROOT, "%.1f%%", 100.0 * failed / ended);
        String what = iflow == null ? "tenant " + tenant : "iFlow " + iflow + " on " + tenant;
        out.add(new AlertInstance(labels("tenant", tenant, "iflow", iflow), annotations(
                "summary", rate + " of the messages of " + what + " failed",
                "description", failed + " of " + ended + " messages ended in the last " + params.window().toMinutes()
                        + " min failed (threshold " + String.format(Locale.ROOT, "%.1f%%", threshold * 100) + ")",
                "failed", Long.toString(failed), "ended", Long.toString(ended))));
    }

    /** The failed share exceeds the threshold, judged only with at least {@code minMessages} ended. */
    static boolean drops(long ended, long failed, double threshold, int minMessages) {
        return ended > 0 && ended >= minMessages && (double) failed / ended > threshold;
    }
}
