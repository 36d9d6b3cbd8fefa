package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.duplicate_processing}: one business key COMPLETED on both tenants of a pair within its
 * duplicateWindow; at most {@code maxListed} (default 20) keys in the annotations. Severity critical.
 */
public record DuplicateProcessingConfig(RuleBasicsConfig basics, int maxListed) implements RuleConfig {
    public static final DuplicateProcessingConfig DEFAULTS = new DuplicateProcessingConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "critical"), 20);

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public DuplicateProcessingConfig withEnabled(boolean on) {
        return new DuplicateProcessingConfig(basics.withEnabled(on), maxListed);
    }

    static DuplicateProcessingConfig bind(ConfigMap o) {
        return new DuplicateProcessingConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.integer("maxListed", DEFAULTS.maxListed(), 1, 1000));
    }
}
