package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import io.cpimon.config.RuleOverrideConfig;
import java.time.Duration;
import java.util.List;

/**
 * {@code rules.throughput_drop}: ended messages over {@code window} below {@code ratio} × the mean of the same
 * window on each of the last {@code days} days, when that mean is at least {@code minBaseline}; with
 * {@code silence}, also an iFlow with such a baseline and no message at all. Defaults: window 1h, ratio 0.3,
 * days 7, minBaseline 20, silence, for 15m, keepFiringFor 15m, severity warning.
 */
public record ThroughputDropConfig(RuleBasicsConfig basics, Duration window, double ratio, int days, int minBaseline,
                                   boolean silence, List<RuleOverrideConfig> overrides) implements RuleConfig {
    public static final ThroughputDropConfig DEFAULTS = new ThroughputDropConfig(
            RuleBasicsConfig.on(Duration.ofMinutes(15), Duration.ofMinutes(15), "warning"), Duration.ofHours(1),
            0.3, 7, 20, true, List.of());

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public ThroughputDropConfig withEnabled(boolean on) {
        return new ThroughputDropConfig(basics.withEnabled(on), window, ratio, days, minBaseline, silence, overrides);
    }

    static ThroughputDropConfig bind(ConfigMap o) {
        return new ThroughputDropConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.duration("window", DEFAULTS.window(), true),
                o.decimal("ratio", DEFAULTS.ratio(), 0, 1),
                o.integer("days", DEFAULTS.days(), 1, 90),
                o.integer("minBaseline", DEFAULTS.minBaseline(), 1, 1_000_000),
                o.bool("silence", DEFAULTS.silence()), RuleOverrideConfig.bind(o, "ratio"));
    }
}
