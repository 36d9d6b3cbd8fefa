/**
 * The built-in rules: each rule class evaluates one condition into alert instances and declares its one
 * {@link io.cpimon.alerting.rules.RuleKind} definition (name, parameter record {@code *Config} with defaults and
 * binding, factory); {@link io.cpimon.alerting.rules.BuiltInRules} lists them in evaluation order. Rules are built
 * per configuration and evaluated on the evaluator's thread.
 */
package io.cpimon.alerting.rules;
