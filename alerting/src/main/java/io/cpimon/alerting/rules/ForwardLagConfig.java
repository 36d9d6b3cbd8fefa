package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.forward_lag}: a forwarder behind by more than its own {@code maxLag} (a key of each entry under
 * {@code forwarding:}, default 5m). Defaults: for 0s, severity warning.
 */
public record ForwardLagConfig(RuleBasicsConfig basics) implements RuleConfig {
    public static final ForwardLagConfig DEFAULTS = new ForwardLagConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "warning"));

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public ForwardLagConfig withEnabled(boolean on) {
        return new ForwardLagConfig(basics.withEnabled(on));
    }

    static ForwardLagConfig bind(ConfigMap o) {
        return new ForwardLagConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()));
    }
}
