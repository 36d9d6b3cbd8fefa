package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.rules.Rule;
import io.cpimon.db.Alert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides every rule's transitions with {@link LifecycleDecider} against the rule's open alerts. The open alerts
 * without a transition go on to muting and planning only when their rule is this evaluation's ({@code owns}), so
 * that two evaluators over disjoint rules never reflag the same alert.
 */
final class DecideStage implements EvaluationStage {
    private final Predicate<String> owns;

    /** @param owns whether an open alert of the named rule is this evaluation's */
    DecideStage(Predicate<String> owns) {
        this.owns = owns;
    }

    @Override
    public Evaluation apply(Evaluation e) {
        Map<String, List<Alert>> openByRule = new HashMap<>();
        for (Alert a : e.open()) {
            openByRule.computeIfAbsent(a.rule(), r -> new ArrayList<>()).add(a);
        }
        List<Transition> decided = new ArrayList<>();
        for (Evaluation.RuleResult result : e.results()) {
            Rule rule = result.rule();
            decided.addAll(LifecycleDecider.decide(openByRule.getOrDefault(rule.name(), List.of()), result.active(),
                    e.now(), rule.forDuration(), rule.keepFiringFor()));
        }
        List<EvaluatedAlert> alerts = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Transition t : decided) {
            alerts.add(EvaluatedAlert.of(t, t.alert() == null ? null : e.flags().get(t.alert().id())));
            if (t.alert() != null) {
                seen.add(t.alert().id());
            }
        }
        for (Alert a : e.open()) {
            if (!seen.contains(a.id()) && owns.test(a.rule())) {
                alerts.add(EvaluatedAlert.untouched(a, e.flags().get(a.id())));
            }
        }
        return e.withTransitions(decided, alerts);
    }
}
