package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/** {@code rules.cert_expiry}: a keystore certificate expiring within {@code days} (default 30). */
public record CertExpiryConfig(RuleBasicsConfig basics, int days) implements RuleConfig {
    public static final CertExpiryConfig DEFAULTS = new CertExpiryConfig(
            RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "warning"), 30);

    @Override
    public boolean enabled() {
        return basics.enabled();
    }

    @Override
    public CertExpiryConfig withEnabled(boolean on) {
        return new CertExpiryConfig(basics.withEnabled(on), days);
    }

    static CertExpiryConfig bind(ConfigMap o) {
        return new CertExpiryConfig(RuleBasicsConfig.bind(o, DEFAULTS.basics()),
                o.integer("days", DEFAULTS.days(), 0, 3650));
    }
}
