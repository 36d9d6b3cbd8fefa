package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.iflow_silent}: an iFlow that usually sends in this hour of the week (messages in at least
 * {@code minWeeks} of the last {@code days} days' weeks) has sent nothing for longer than {@code factor} × the
 * longest gap it had in this hour, and at least {@code floor}. Defaults: days 28, minWeeks 2, factor 2, floor 30m;
 * severity warning.
 */
public record IflowSilentConfig(RuleBasicsConfig basics, int days, int minWeeks, double factor, Duration floor)
        implements RuleConfig {
    public static final IflowSilentConfig DEFAULTS = new IflowSilentConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "warning"), 28, 2, 2.0, Duration.ofMinutes(30));

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public IflowSilentConfig withEnabled(boolean on) {
        return new IflowSilentConfig(basics.withEnabled(on), days, minWeeks, factor, floor);
    }

    static IflowSilentConfig bind(ConfigMap o) {
        return new IflowSilentConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.integer("days", DEFAULTS.days(), 7, 365),
                o.integer("minWeeks", DEFAULTS.minWeeks(), 1, 52),
                o.decimal("factor", DEFAULTS.factor(), 1.0, 100.0),
                o.duration("floor", DEFAULTS.floor(), true));
    }
}
