package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.dr_not_ready}: a pair's DR readiness score below {@code minScore} (default 100: any finding not
 * acknowledged). Defaults: for 10m (a deployment reaching the DR tenant a poll later is not a finding), severity
 * critical.
 */
public record DrNotReadyConfig(RuleBasicsConfig basics, int minScore) implements RuleConfig {
    public static final DrNotReadyConfig DEFAULTS = new DrNotReadyConfig(
            RuleBasicsConfig.on(Duration.ofMinutes(10), Duration.ZERO, "critical"), 100);

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public DrNotReadyConfig withEnabled(boolean on) {
        return new DrNotReadyConfig(basics.withEnabled(on), minScore);
    }

    static DrNotReadyConfig bind(ConfigMap o) {
        return new DrNotReadyConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.integer("minScore", DEFAULTS.minScore(), 1, 100));
    }
}
