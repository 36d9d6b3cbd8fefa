package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertFlags;
import io.cpimon.db.NewNotification;
import java.util.List;
import java.util.Map;

/**
 * One alert in one evaluation: the transition decided for it, or none (an open alert of a rule that failed, a firing
 * alert within {@code keepFiringFor}), what mutes it now and the outbox rows planned for it. Immutable.
 * @param transition nullable: no transition touched the open alert
 * @param open nullable for {@link Transition.Kind#OPEN}: the open alert, with the rule's fresh annotations when the
 *     condition still holds
 * @param before nullable: the mute flags stored before this evaluation
 */
record EvaluatedAlert(Transition transition, Alert open, Map<String, String> labels, AlertFlags before, Mute mute,
                      List<NewNotification> planned) {

    EvaluatedAlert {
        planned = List.copyOf(planned);
    }

    static EvaluatedAlert of(Transition t, AlertFlags before) {
        Alert open = t.alert() == null || t.instance() == null ? t.alert() : withAnnotations(t.alert(), t.instance());
        Map<String, String> labels = t.instance() != null ? t.instance().labels() : t.alert().labels();
        return new EvaluatedAlert(t, open, labels, before, Mute.NONE, List.of());
    }

    static EvaluatedAlert untouched(Alert open, AlertFlags before) {
        return new EvaluatedAlert(null, open, open.labels(), before, Mute.NONE, List.of());
    }

    EvaluatedAlert with(Mute mute) {
        return new EvaluatedAlert(transition, open, labels, before, mute, planned);
    }

    EvaluatedAlert planning(List<NewNotification> planned) {
        return new EvaluatedAlert(transition, open, labels, before, mute, planned);
    }

    /** The transition's kind, or null for an untouched alert. */
    Transition.Kind kind() {
        return transition == null ? null : transition.kind();
    }

    private static Alert withAnnotations(Alert a, AlertInstance i) {
        return new Alert(a.id(), a.fingerprint(), a.rule(), a.labels(), i.annotations(), a.state(), a.activeAt(),
                a.firingAt(), a.lastActiveAt(), a.endsAt(), a.ackedBy(), a.ackedAt(), a.ackComment());
    }
}
