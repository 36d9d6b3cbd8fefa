package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.rules.Rule;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertStore;
import io.cpimon.db.NotificationStore;
import io.cpimon.db.SilenceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Evaluates every rule and applies what follows, as a pipeline of {@link EvaluationStage}s listed in the
 * constructor: rules → lifecycle transitions ({@link LifecycleDecider}) → inhibition → silences → notification plan
 * → writes (the alert row, its history and its outbox rows commit in one transaction, {@link AlertStore}) → change
 * notifications. Inhibited or silenced alerts change state and stay visible, flagged ({@link AlertStore#flag}), but
 * are not planned for notification; an alert unmuted while FIRING is planned then. Blocking; not thread-safe:
 * called from one virtual thread.
 */
public final class AlertEvaluator {
    private final AlertStore alerts;
    private final Clock clock;
    private final List<EvaluationStage> stages;

    /**
     * An evaluator of {@code rules} that owns every open alert (the only evaluator).
     * @param onEnqueued told after notifications were written (wakes the dispatcher); must not block
     */
    public AlertEvaluator(List<Rule> rules, AlertStore alerts, NotificationPlanner planner, Clock clock,
                          ChangeNotifier notifier, Runnable onEnqueued, Inhibitor inhibitor, SilenceStore silences,
                          NotificationStore outbox) {
        this(rules, rule -> true, alerts, planner, clock, notifier, onEnqueued, inhibitor, silences, outbox);
    }

    /**
     * An evaluator of {@code rules} next to others over other rules: it mutes, unmutes and plans only the open alerts
     * whose rule it {@code owns}, and every open FIRING alert counts as an inhibition source. Evaluators with
     * disjoint rules and owners may run at the same time.
     * @param owns whether an open alert of the named rule is this evaluator's (its rules' and, for one evaluator,
     *             those of no running rule, e.g. inbound Azure Monitor alerts)
     * @param onEnqueued told after notifications were written (wakes the dispatcher); must not block
     */
    public AlertEvaluator(List<Rule> rules, Predicate<String> owns, AlertStore alerts, NotificationPlanner planner,
                          Clock clock, ChangeNotifier notifier, Runnable onEnqueued, Inhibitor inhibitor,
                          SilenceStore silences, NotificationStore outbox) {
        this.alerts = alerts;
        this.clock = clock;
        this.stages = List.of(
                new RulesStage(rules),                 // what holds at now; a failing rule is left out
                new DecideStage(owns),                 // pending → firing → resolved
                new InhibitStage(inhibitor),           // against what fires after this evaluation
                new SilenceStage(silences),
                new PlanStage(planner),                // outbox rows of what changes and is not muted
                new WriteStage(alerts, outbox),        // alert, history and outbox rows in one transaction
                new NotifyStage(notifier, onEnqueued));
    }

    /** One evaluation of every rule at the clock's now; returns the transitions it applied. */
    public List<Transition> evaluateOnce() {
        Instant now = clock.instant();
        List<Alert> open = alerts.openAlerts();
        Evaluation evaluation = Evaluation.begin(now, open, alerts.flags(open.stream().map(Alert::id).toList()));
        for (EvaluationStage stage : stages) {
            evaluation = stage.apply(evaluation);
        }
        return evaluation.transitions();
    }
}
