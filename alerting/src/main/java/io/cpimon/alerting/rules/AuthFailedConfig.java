package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.auth_failed}: the MPL poller's last error matches {@code pattern} (rejected credentials).
 * Defaults: {@link #AUTH_PATTERN}, severity critical.
 */
public record AuthFailedConfig(RuleBasicsConfig basics, String pattern) implements RuleConfig {
    /** What the MPL poller records on its cursor when CPI or the token endpoint rejects the credentials. */
    public static final String AUTH_PATTERN =
            "(?is).*(credentials rejected|rejected client|\\bHTTP 40[13]\\b|unauthori[sz]ed|auth(entication)? fail).*";
    public static final AuthFailedConfig DEFAULTS = new AuthFailedConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "critical"), AUTH_PATTERN);

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public AuthFailedConfig withEnabled(boolean on) {
        return new AuthFailedConfig(basics.withEnabled(on), pattern);
    }

    static AuthFailedConfig bind(ConfigMap o) {
        RuleBasicsConfig basics = RuleBasicsConfig.bind(o, DEFAULTS.basics());
        return new AuthFailedConfig(basics, o.regex("pattern", DEFAULTS.pattern()));
    }
}
