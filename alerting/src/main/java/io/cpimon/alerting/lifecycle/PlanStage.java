package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.channels.NoticeStatus;
import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.NewNotification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the outbox rows of every change into or out of FIRING that nothing mutes, and of a FIRING alert that
 * was muted and no longer is (its firing notification is owed; the outbox drops a repeat of an earlier one by its
 * dedup key). Pure: writes nothing.
 */
final class PlanStage implements EvaluationStage {
    private final NotificationPlanner planner;

    PlanStage(NotificationPlanner planner) {
        this.planner = planner;
    }

    @Override
    public Evaluation apply(Evaluation e) {
        List<EvaluatedAlert> out = new ArrayList<>();
        for (EvaluatedAlert a : e.alerts()) {
            out.add(a.planning(plan(a, e.now())));
        }
        return e.withAlerts(out);
    }

    private List<NewNotification> plan(EvaluatedAlert a, Instant now) {
        Transition t = a.transition();
        boolean muted = a.mute().muted();
        if (t == null || t.kind() == Transition.Kind.TOUCH) {
            boolean owed = a.mute().changes(a.before()) && a.mute().unmutes(a.before())
                    && a.open().state() == AlertState.FIRING;
            return owed ? planner.plan(a.open(), NoticeStatus.FIRING, now) : List.of();
        }
        return switch (t.kind()) {
            case OPEN -> t.notifies() && !muted ? planner.plan(preview(t, now), NoticeStatus.FIRING, now) : List.of();
            case FIRE -> muted ? List.of() : planner.plan(a.open(), NoticeStatus.FIRING, now);
            case RESOLVE -> t.notifies() && !muted ? planner.plan(t.alert(), NoticeStatus.RESOLVED, now) : List.of();
            case TOUCH -> List.of();
        };
    }

    /** The alert an OPEN inserts, before it has an id. */
    static Alert preview(Transition t, Instant now) {
        AlertInstance i = t.instance();
        return new Alert(0, i.fingerprint(), i.rule(), i.labels(), i.annotations(), t.to(), now,
                t.to() == AlertState.FIRING ? now : null, now, null, null, null, null);
    }
}
