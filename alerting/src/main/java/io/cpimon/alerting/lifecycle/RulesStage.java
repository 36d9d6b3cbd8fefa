package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.alerting.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Evaluates every rule at the evaluation's now; a rule that fails is left out, so its alerts stay as they are. Each
 * rule's log lines, the failure's included, carry its name (MDC {@code rule}).
 */
final class RulesStage implements EvaluationStage {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

    private final List<Rule> rules;

    RulesStage(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    @Override
    public Evaluation apply(Evaluation e) {
        List<Evaluation.RuleResult> results = new ArrayList<>();
        for (Rule rule : rules) {
            List<AlertInstance> active;
            // the failure's line carries the rule as a field too (JSON logs), like the lines the rule writes itself
            try (MDC.MDCCloseable ignored = MDC.putCloseable("rule", rule.name())) {
                try {
                    active = rule.evaluate(e.now());
                } catch (Exception ex) {
                    LOG.warn("rule {} could not be evaluated, its alerts stay as they are: {}", rule.name(),
                            ex.toString());
                    continue;
                }
            }
            results.add(new Evaluation.RuleResult(rule, active));
        }
        return e.withResults(results);
    }
}
