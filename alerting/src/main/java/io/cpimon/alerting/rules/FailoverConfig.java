package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.failover}: over {@code window} the DR tenant's share of the pair's ended messages reaches
 * {@code enterShare} (with at least {@code minMessages}), or the primary is down while the DR tenant is up; it ends
 * when the primary is up and serves again: in an active-passive pair when the DR share falls below {@code exitShare}
 * (hysteresis), in an active-active pair when it falls below {@code enterShare}. Defaults: window 10m,
 * enterShare 0.9, exitShare 0.5, minMessages 10, severity critical.
 */
public record FailoverConfig(RuleBasicsConfig basics, Duration window, double enterShare, double exitShare,
                             int minMessages) implements RuleConfig {
    public static final FailoverConfig DEFAULTS = new FailoverConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "critical"), Duration.ofMinutes(10), 0.9, 0.5, 10);

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public FailoverConfig withEnabled(boolean on) {
        return new FailoverConfig(basics.withEnabled(on), window, enterShare, exitShare, minMessages);
    }

    static FailoverConfig bind(ConfigMap o) {
        RuleBasicsConfig basics = RuleBasicsConfig.bind(o, DEFAULTS.basics());
        Duration window = o.duration("window", DEFAULTS.window(), true);
        double enterShare = o.decimal("enterShare", DEFAULTS.enterShare(), 0, 1);
        double exitShare = o.decimal("exitShare", DEFAULTS.exitShare(), 0, 1);
        if (exitShare > enterShare) {
            o.error(o.line("exitShare"), o.field("exitShare"), "must not exceed enterShare (" + exitShare + " > "
                    + enterShare + ")");
        }
        return new FailoverConfig(basics, window, enterShare, exitShare,
                o.integer("minMessages", DEFAULTS.minMessages(), 1, 1_000_000));
    }
}
