package io.cpimon.config;

import java.util.Map;

/**
 * The parameters of one rule under {@code rules.<name>}: a record owned by the rule, bound and defaulted by
 * its {@link RuleDefinition}. Printing and the API description walk the record's components by default (a
 * {@link RuleBasicsConfig} component flattened into the common keys, {@code forDuration} shown as {@code for},
 * lists as override maps); a rule may override either. Implementations are immutable records.
 */
public interface RuleConfig {
    /** Whether the rule runs at all. */
    boolean enabled();

    /** The same parameters, switched on or off. */
    RuleConfig withEnabled(boolean enabled);

    /** The rule's keys as effective-config lines at {@code depth}. */
    default void print(YamlWriter out, int depth) {
        RecordFields.print((Record) this, out, depth);
    }

    /** The rule's effective parameters as plain JSON values: durations as {@code 15m}, nulls left out. */
    default Map<String, Object> describe() {
        return RecordFields.describe((Record) this);
    }
}
