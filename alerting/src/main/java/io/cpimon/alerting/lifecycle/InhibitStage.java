package io.cpimon.alerting.lifecycle;

import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Marks the alerts the {@link Inhibitor} mutes, against the alerts FIRING once this evaluation is applied. */
final class InhibitStage implements EvaluationStage {
    private final Inhibitor inhibitor;

    InhibitStage(Inhibitor inhibitor) {
        this.inhibitor = inhibitor;
    }

    @Override
    public Evaluation apply(Evaluation e) {
        Map<String, Map<String, String>> firing = firingAfter(e);
        List<EvaluatedAlert> out = new ArrayList<>();
        for (EvaluatedAlert a : e.alerts()) {
            out.add(a.with(a.mute().inhibited(inhibitor.inhibitedBy(a.labels(), firing))));
        }
        return e.withAlerts(out);
    }

    /** The inhibition sources: the open FIRING alerts, plus those that fire now, minus those that resolve. */
    private static Map<String, Map<String, String>> firingAfter(Evaluation e) {
        Map<String, Map<String, String>> firing = new LinkedHashMap<>();
        for (Alert a : e.open()) {
            if (a.state() == AlertState.FIRING) {
                firing.put(a.fingerprint(), a.labels());
            }
        }
        for (Transition t : e.transitions()) {
            switch (t.kind()) {
                case OPEN, FIRE -> {
                    if (t.to() == AlertState.FIRING) {
                        firing.put(t.instance().fingerprint(), t.instance().labels());
                    }
                }
                case RESOLVE -> firing.remove(t.alert().fingerprint());
                case TOUCH -> { }
            }
        }
        return firing;
    }
}
