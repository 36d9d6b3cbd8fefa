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

    /** @param onEnqueued told after notifications were written (wakes the dispatcher); must not block */
    public AlertEvaluator(List<Rule> rules, AlertStore alerts, NotificationPlanner planner, Clock clock,
                          ChangeNotifier notifier, Runnable onEnqueued, Inhibitor inhibitor, SilenceStore silences,
                          NotificationStore outbox) {
        this.alerts = alerts;
        this.clock = clock;
        this.stages = List.of(
                new RulesStage(rules),                 // what holds at now; a failing rule is left out
                new DecideStage(),                     // pending → firing → resolved
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
