package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.variable_expiring}: a variable reaching its RetainUntil within {@code days} (default 30, also the
 * warning window of the DR readiness check). Defaults: severity warning.
 */
public record VariableExpiringConfig(RuleBasicsConfig basics, int days) implements RuleConfig {
    public static final VariableExpiringConfig DEFAULTS = new VariableExpiringConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "warning"), 30);

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public VariableExpiringConfig withEnabled(boolean on) {
        return new VariableExpiringConfig(basics.withEnabled(on), days);
    }

    static VariableExpiringConfig bind(ConfigMap o) {
        return new VariableExpiringConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.integer("days", DEFAULTS.days(), 1, 3650));
    }
}
