package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.iflow_error}: a deployed artifact in ERROR, or undeployed less than {@code goneFor} ago (default 1h;
 * 0s: never). Severity critical.
 */
public record IflowErrorConfig(RuleBasicsConfig basics, Duration goneFor) implements RuleConfig {
    public static final IflowErrorConfig DEFAULTS = new IflowErrorConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "critical"), Duration.ofHours(1));

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public IflowErrorConfig withEnabled(boolean on) {
        return new IflowErrorConfig(basics.withEnabled(on), goneFor);
    }

    static IflowErrorConfig bind(ConfigMap o) {
        return new IflowErrorConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.duration("goneFor", DEFAULTS.goneFor(), false));
    }
}
