package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.alerting.rules.Rule;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertFlags;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The facts of one evaluation, as the {@link EvaluationStage}s learn them: each stage returns a copy with what it
 * found. Immutable.
 * @param open the alerts open (PENDING or FIRING) when the evaluation began
 * @param flags the open alerts' stored mute flags, by alert id
 * @param results what every rule that could be evaluated reported (empty until evaluated)
 * @param transitions what the lifecycle decided, rule by rule (empty until decided)
 * @param alerts the alerts with a transition, in transition order, then the open alerts without one
 * @param enqueued whether notifications were written
 */
record Evaluation(Instant now, List<Alert> open, Map<Long, AlertFlags> flags, List<RuleResult> results,
                  List<Transition> transitions, List<EvaluatedAlert> alerts, boolean enqueued) {

    /** What one rule reported: the instances whose condition holds. */
    record RuleResult(Rule rule, List<AlertInstance> active) {}

    Evaluation {
        open = List.copyOf(open);
        flags = Map.copyOf(flags);
        results = List.copyOf(results);
        transitions = List.copyOf(transitions);
        alerts = List.copyOf(alerts);
    }

    static Evaluation begin(Instant now, List<Alert> open, Map<Long, AlertFlags> flags) {
        return new Evaluation(now, open, flags, List.of(), List.of(), List.of(), false);
    }

    Evaluation withResults(List<RuleResult> results) {
        return new Evaluation(now, open, flags, results, transitions, alerts, enqueued);
    }

    Evaluation withTransitions(List<Transition> transitions, List<EvaluatedAlert> alerts) {
        return new Evaluation(now, open, flags, results, transitions, alerts, enqueued);
    }

    Evaluation withAlerts(List<EvaluatedAlert> alerts) {
        return new Evaluation(now, open, flags, results, transitions, alerts, enqueued);
    }

    Evaluation withEnqueued(boolean enqueued) {
        return new Evaluation(now, open, flags, results, transitions, alerts, enqueued);
    }
}
