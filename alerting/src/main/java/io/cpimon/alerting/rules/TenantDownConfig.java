package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigDefaults;
import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleConfig;
import java.time.Duration;

/**
 * {@code rules.tenant_down}: at least {@code failures} of the last {@code window} probes failed.
 * Defaults: failures 2, window 2, for 0s, keepFiringFor 0s, severity critical.
 */
public record TenantDownConfig(
        boolean enabled, int failures, int window, Duration forDuration, Duration keepFiringFor, String severity)
        implements RuleConfig {

    public static final TenantDownConfig DEFAULTS =
            new TenantDownConfig(true, 2, 2, Duration.ZERO, Duration.ZERO, "critical");

    @Override
    public TenantDownConfig withEnabled(boolean on) {
        return new TenantDownConfig(on, failures, window, forDuration, keepFiringFor, severity);
    }

    static TenantDownConfig bind(ConfigMap t) {
        boolean enabled = t.bool("enabled", DEFAULTS.enabled());
        int failures = t.integer("failures", DEFAULTS.failures(), 1, 1000);
        int window = t.integer("window", DEFAULTS.window(), 1, 1000);
        if (failures > window) {
            t.error(t.line("failures"), t.field("failures"), "must not exceed window (" + failures + " > " + window
                    + ")");
        }
        Duration forDuration = t.duration("for", DEFAULTS.forDuration(), false);
        Duration keepFiringFor = t.duration("keepFiringFor", DEFAULTS.keepFiringFor(), false);
        String severity = t.choice("severity", ConfigDefaults.SEVERITIES, DEFAULTS.severity(), false);
        return new TenantDownConfig(enabled, failures, window, forDuration, keepFiringFor, severity);
    }
}
