package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.jms_capacity}: a tenant's JMS broker uses at least {@code capacityRatio} of its capacity (default
 * 0.8) or {@code queueRatio} of its queues (default 0.8), has queues in warning or error state, or reports too many
 * consumers, producers or transacted sessions. Defaults: for 10m (a burst drained within minutes is not an alert),
 * severity warning.
 */
public record JmsCapacityConfig(RuleBasicsConfig basics, double capacityRatio, double queueRatio) implements RuleConfig {
    public static final JmsCapacityConfig DEFAULTS = new JmsCapacityConfig(
            RuleBasicsConfig.on(Duration.ofMinutes(10), Duration.ZERO, "warning"), 0.8, 0.8);

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public JmsCapacityConfig withEnabled(boolean on) {
        return new JmsCapacityConfig(basics.withEnabled(on), capacityRatio, queueRatio);
    }

    static JmsCapacityConfig bind(ConfigMap o) {
        return new JmsCapacityConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.decimal("capacityRatio", DEFAULTS.capacityRatio(), 0.01, 1.0),
                o.decimal("queueRatio", DEFAULTS.queueRatio(), 0.01, 1.0));
    }
}
