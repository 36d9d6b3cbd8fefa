package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/** {@code rules.forward_failed}: a forwarder stopped for good. Defaults: for 0s, severity critical. */
public record ForwardFailedConfig(RuleBasicsConfig basics) implements RuleConfig {
    public static final ForwardFailedConfig DEFAULTS = new ForwardFailedConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "critical"));

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public ForwardFailedConfig withEnabled(boolean on) {
        return new ForwardFailedConfig(basics.withEnabled(on));
    }

    static ForwardFailedConfig bind(ConfigMap o) {
        return new ForwardFailedConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()));
    }
}
