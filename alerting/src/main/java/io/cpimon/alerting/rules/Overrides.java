package io.cpimon.alerting.rules;

import io.cpimon.config.RuleOverrideConfig;
import java.util.List;

/**
 * Resolves a rule's per-tenant / per-iFlow overrides: the most specific matching one wins (tenant and iFlow,
 * then iFlow only, then tenant only); a field it leaves null keeps the rule's value.
 */
final class Overrides {
    private static final RuleOverrideConfig NONE = new RuleOverrideConfig(null, null, null, null, null, null, null);

    private Overrides() {}

    /** @param iflow nullable: the tenant-level judgement */
    static RuleOverrideConfig resolve(List<RuleOverrideConfig> overrides, String tenant, String iflow) {
        RuleOverrideConfig best = NONE;
        int bestScore = -1;
        for (RuleOverrideConfig o : overrides) {
            boolean tenantOk = o.tenant() == null || o.tenant().equals(tenant);
            boolean iflowOk = o.iflow() == null ? true : o.iflow().equals(iflow);
            if (!tenantOk || !iflowOk) {
                continue;
            }
            int score = (o.iflow() != null ? 2 : 0) + (o.tenant() != null ? 1 : 0);
            if (score > bestScore) {
                best = o;
                bestScore = score;
            }
        }
        return best;
    }

    static boolean enabled(RuleOverrideConfig o) {
        return o.enabled() == null || o.enabled();
    }
}
