package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import io.cpimon.config.RuleOverrideConfig;
import java.time.Duration;
import java.util.List;

/**
 * {@code rules.success_rate_drop}: failed/ended over {@code window} above {@code threshold} with at least
 * {@code minMessages}. Defaults: window 15m, threshold 0.2, minMessages 20, perIflow, for 5m, keepFiringFor 5m,
 * severity warning.
 */
public record SuccessRateDropConfig(RuleBasicsConfig basics, Duration window, double threshold, int minMessages,
                                    boolean perIflow, List<RuleOverrideConfig> overrides) implements RuleConfig {
    public static final SuccessRateDropConfig DEFAULTS = new SuccessRateDropConfig(
            RuleBasicsConfig.on(Duration.ofMinutes(5), Duration.ofMinutes(5), "warning"), Duration.ofMinutes(15),
            0.2, 20, true, List.of());

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public SuccessRateDropConfig withEnabled(boolean on) {
        return new SuccessRateDropConfig(basics.withEnabled(on), window, threshold, minMessages, perIflow, overrides);
    }

    static SuccessRateDropConfig bind(ConfigMap o) {
        return new SuccessRateDropConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.duration("window", DEFAULTS.window(), true),
                o.decimal("threshold", DEFAULTS.threshold(), 0, 1),
                o.integer("minMessages", DEFAULTS.minMessages(), 1, 1_000_000),
                o.bool("perIflow", DEFAULTS.perIflow()), RuleOverrideConfig.bind(o, "threshold", "minMessages"));
    }
}
