package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/** {@code rules.failback}: a pair's failover ended less than {@code window} (default 15m) ago. */
public record FailbackConfig(RuleBasicsConfig basics, Duration window) implements RuleConfig {
    public static final FailbackConfig DEFAULTS = new FailbackConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "warning"), Duration.ofMinutes(15));

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public FailbackConfig withEnabled(boolean on) {
        return new FailbackConfig(basics.withEnabled(on), window);
    }

    static FailbackConfig bind(ConfigMap o) {
        return new FailbackConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.duration("window", DEFAULTS.window(), true));
    }
}
