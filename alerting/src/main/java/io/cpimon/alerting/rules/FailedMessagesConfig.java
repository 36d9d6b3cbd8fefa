package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import io.cpimon.config.RuleOverrideConfig;
import java.time.Duration;
import java.util.List;

/**
 * {@code rules.failed_messages}: FAILED messages that ended within {@code window}, one alert per tenant and iFlow,
 * when there are at least {@code minMessages} and they are at least {@code minShare} of the iFlow's ended messages
 * (so that an iFlow's usual background of failures is not an alert). Defaults: window 15m, minMessages 1,
 * minShare 0.5, severity warning.
 */
public record FailedMessagesConfig(RuleBasicsConfig basics, Duration window, int minMessages, double minShare,
                                   List<RuleOverrideConfig> overrides) implements RuleConfig {
    /** An iFlow's usual background of failures is success_rate_drop's business; this rule speaks when most fail. */
    public static final FailedMessagesConfig DEFAULTS = new FailedMessagesConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "warning"), Duration.ofMinutes(15), 1, 0.5, List.of());

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public FailedMessagesConfig withEnabled(boolean on) {
        return new FailedMessagesConfig(basics.withEnabled(on), window, minMessages, minShare, overrides);
    }

    static FailedMessagesConfig bind(ConfigMap o) {
        return new FailedMessagesConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.duration("window", DEFAULTS.window(), true),
                o.integer("minMessages", DEFAULTS.minMessages(), 1, 1_000_000),
                o.decimal("minShare", DEFAULTS.minShare(), 0, 1),
                RuleOverrideConfig.bind(o, "minMessages", "threshold"));
    }
}
