package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.dr_drift}: an artifact STARTED on the primary is missing, in ERROR or at another version on the DR
 * tenant. Only the common keys; defaults: for 10m, severity warning.
 */
public record DrDriftConfig(RuleBasicsConfig basics) implements RuleConfig {
    public static final DrDriftConfig DEFAULTS = new DrDriftConfig(
            RuleBasicsConfig.on(Duration.ofMinutes(10), Duration.ZERO, "warning"));

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public DrDriftConfig withEnabled(boolean on) {
        return new DrDriftConfig(basics.withEnabled(on));
    }

    static DrDriftConfig bind(ConfigMap o) {
        return new DrDriftConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()));
    }
}
