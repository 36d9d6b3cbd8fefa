package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.api_unreachable}: the MPL poller failed at least {@code failures} times in a row (auth failures
 * excluded). Defaults: failures 3, for 2m, severity critical.
 */
public record ApiUnreachableConfig(RuleBasicsConfig basics, int failures) implements RuleConfig {
    public static final ApiUnreachableConfig DEFAULTS = new ApiUnreachableConfig(
            RuleBasicsConfig.on(Duration.ofMinutes(2), Duration.ZERO, "critical"), 3);

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public ApiUnreachableConfig withEnabled(boolean on) {
        return new ApiUnreachableConfig(basics.withEnabled(on), failures);
    }

    static ApiUnreachableConfig bind(ConfigMap o) {
        return new ApiUnreachableConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.integer("failures", DEFAULTS.failures(), 1, 1000));
    }
}
