package io.cpimon.config;

import java.time.Duration;

/**
 * What every rule but {@code tenant_down} has: on/off, {@code for}, {@code keepFiringFor} and the severity label.
 *
 * @param severity {@code critical}, {@code warning} or {@code info}
 */
public record RuleBasicsConfig(boolean enabled, Duration forDuration, Duration keepFiringFor, String severity) {

    /** Switched on, with the given timing and severity: the shape of a rule's defaults. */
    public static RuleBasicsConfig on(Duration forDuration, Duration keepFiringFor, String severity) {
        return new RuleBasicsConfig(true, forDuration, keepFiringFor, severity);
    }

    public RuleBasicsConfig withEnabled(boolean on) {
        return new RuleBasicsConfig(on, forDuration, keepFiringFor, severity);
    }

    /** Reads {@code enabled}, {@code for}, {@code keepFiringFor}, {@code severity} of a rule's section. */
    public static RuleBasicsConfig bind(ConfigMap rule, RuleBasicsConfig defaults) {
        return new RuleBasicsConfig(
                rule.bool("enabled", defaults.enabled()),
                rule.duration("for", defaults.forDuration(), false),
                rule.duration("keepFiringFor", defaults.keepFiringFor(), false),
                rule.choice("severity", ConfigDefaults.SEVERITIES, defaults.severity(), false));
    }
}
