package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import io.cpimon.config.RuleOverrideConfig;
import java.time.Duration;
import java.util.List;

/** {@code rules.stuck_messages}: a message PROCESSING or RETRY for longer than {@code after} (default 1h). */
public record StuckMessagesConfig(RuleBasicsConfig basics, Duration after, List<RuleOverrideConfig> overrides)
        implements RuleConfig {
    public static final StuckMessagesConfig DEFAULTS = new StuckMessagesConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "warning"), Duration.ofHours(1), List.of());

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public StuckMessagesConfig withEnabled(boolean on) {
        return new StuckMessagesConfig(basics.withEnabled(on), after, overrides);
    }

    static StuckMessagesConfig bind(ConfigMap o) {
        return new StuckMessagesConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.duration("after", DEFAULTS.after(), true), RuleOverrideConfig.bind(o, "after"));
    }
}
