package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.datastore_overdue}: a data store holds at least {@code minOverdue} overdue entries (default 1).
 * Defaults: fires at once (the tenant already waited the store's retention threshold), severity warning.
 */
public record DataStoreOverdueConfig(RuleBasicsConfig basics, int minOverdue) implements RuleConfig {
    public static final DataStoreOverdueConfig DEFAULTS = new DataStoreOverdueConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "warning"), 1);

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public DataStoreOverdueConfig withEnabled(boolean on) {
        return new DataStoreOverdueConfig(basics.withEnabled(on), minOverdue);
    }

    static DataStoreOverdueConfig bind(ConfigMap o) {
        return new DataStoreOverdueConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.integer("minOverdue", DEFAULTS.minOverdue(), 1, Integer.MAX_VALUE));
    }
}
