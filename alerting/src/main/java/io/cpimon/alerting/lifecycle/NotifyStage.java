package io.cpimon.alerting.lifecycle;

import io.cpimon.core.ChangeNotifier;

/** Tells the live views about every changed alert, and wakes the dispatcher when notifications were written. */
final class NotifyStage implements EvaluationStage {
    private final ChangeNotifier notifier;
    private final Runnable onEnqueued;

    NotifyStage(ChangeNotifier notifier, Runnable onEnqueued) {
        this.notifier = notifier;
        this.onEnqueued = onEnqueued;
    }

    @Override
    public Evaluation apply(Evaluation e) {
        for (Transition t : e.transitions()) {
            if (t.kind() != Transition.Kind.TOUCH) {
                notifier.changed("alert", t.instance() != null ? t.instance().labels().get("tenant")
                        : t.alert().labels().get("tenant"));
            }
        }
        if (e.enqueued()) {
            onEnqueued.run();
        }
        return e;
    }
}
