package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.NewAlert;
import io.cpimon.db.NotificationStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the evaluation decided: each change's alert row, history event and outbox rows in one transaction
 * ({@link AlertStore}), the conditions that still hold in one batch, and every change of an open alert's mute
 * flags ({@link AlertStore#flag}). Blocking.
 */
final class WriteStage implements EvaluationStage {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

    private final AlertStore alerts;
    private final NotificationStore outbox;

    WriteStage(AlertStore alerts, NotificationStore outbox) {
        this.alerts = alerts;
        this.outbox = outbox;
    }

    @Override
    public Evaluation apply(Evaluation e) {
        boolean enqueued = false;
        Map<Long, Map<String, String>> touched = new LinkedHashMap<>();
        for (EvaluatedAlert a : e.alerts()) {
            if (a.transition() != null) {
                enqueued |= write(a, e.now(), touched);
            }
        }
        alerts.touchAll(touched, e.now());
        for (EvaluatedAlert a : e.alerts()) {
            if (a.transition() == null) {
                enqueued |= reflag(a);
            }
        }
        return e.withEnqueued(enqueued);
    }

    /** @return whether it enqueued notifications */
    private boolean write(EvaluatedAlert a, Instant now, Map<Long, Map<String, String>> touched) {
        Transition t = a.transition();
        Mute mute = a.mute();
        switch (t.kind()) {
            case OPEN -> {
                AlertInstance i = t.instance();
                NewAlert row = new NewAlert(i.fingerprint(), i.rule(), i.labels(), i.annotations(), t.to(), now);
                Alert opened = alerts.open(row, a.planned());
                if (mute.muted()) {
                    alerts.flag(opened.id(), mute.silencedBy(), mute.inhibitedBy());
                }
                LOG.info("alert {} {} {}{}", opened.id(), t.to(), i.labels(), mute.describe());
                return !a.planned().isEmpty();
            }
            case FIRE -> {
                alerts.touch(t.alert().id(), now, t.instance().annotations());
                alerts.transition(t.alert().id(), AlertState.FIRING, now, a.planned());
                if (!mute.sameAs(a.before())) {
                    alerts.flag(t.alert().id(), mute.silencedBy(), mute.inhibitedBy());
                }
                LOG.info("alert {} FIRING {}{}", t.alert().id(), t.alert().labels(), mute.describe());
                return !a.planned().isEmpty();
            }
            case TOUCH -> {
                touched.put(t.alert().id(), t.instance().annotations());
                return reflag(a);
            }
            case RESOLVE -> {
                alerts.transition(t.alert().id(), AlertState.RESOLVED, now, a.planned());
                LOG.info("alert {} RESOLVED {}{}", t.alert().id(), t.alert().labels(), mute.describe());
                return !a.planned().isEmpty();
            }
        }
        return false;
    }

    /** Records a change of an open alert's mute flags, with the firing notification an unmuted alert is owed. */
    private boolean reflag(EvaluatedAlert a) {
        if (!a.mute().changes(a.before())) {
            return false;
        }
        alerts.flag(a.open().id(), a.mute().silencedBy(), a.mute().inhibitedBy());
        if (a.planned().isEmpty()) {
            return false;
        }
        LOG.info("alert {} no longer muted while FIRING {}", a.open().id(), a.open().labels());
        return !outbox.enqueue(a.planned()).isEmpty();
    }
}
