package io.cpimon.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A per-tenant and/or per-iFlow override of a rule's parameters; null fields keep the rule's value.
 * The most specific matching override wins (tenant+iflow, then iflow, then tenant).
 *
 * @param tenant nullable: any tenant
 * @param iflow nullable: any iFlow
 */
public record RuleOverrideConfig(
        String tenant, String iflow, Boolean enabled, Double threshold, Integer minMessages, Double ratio,
        Duration after) {

    /**
     * {@code overrides: [{tenant, iflow, enabled, <params>}]} of a rule's section.
     *
     * @param params the rule's own overridable parameters among {@code threshold}, {@code minMessages},
     *               {@code ratio} and {@code after}; the others are unknown keys
     */
    public static List<RuleOverrideConfig> bind(ConfigMap rule, String... params) {
        Set<String> allowed = Set.of(params);
        List<RuleOverrideConfig> out = new ArrayList<>();
        for (ConfigMap o : rule.objects("overrides")) {
            String tenant = o.string("tenant", null);
            String iflow = o.string("iflow", null);
            if (tenant == null && iflow == null) {
                o.error(o.line(), o.path(), "an override needs a tenant, an iflow or both");
            }
            Boolean enabled = o.has("enabled") ? o.bool("enabled", true) : null;
            Double threshold = allowed.contains("threshold") && o.has("threshold")
                    ? o.decimal("threshold", 0, 0, 1) : null;
            Integer minMessages = allowed.contains("minMessages") && o.has("minMessages")
                    ? o.integer("minMessages", 1, 1, 1_000_000) : null;
            Double ratio = allowed.contains("ratio") && o.has("ratio") ? o.decimal("ratio", 0, 0, 1) : null;
            Duration after = allowed.contains("after") && o.has("after") ? o.duration("after", null, true) : null;
            o.done();
            out.add(new RuleOverrideConfig(tenant, iflow, enabled, threshold, minMessages, ratio, after));
        }
        return List.copyOf(out);
    }
}
