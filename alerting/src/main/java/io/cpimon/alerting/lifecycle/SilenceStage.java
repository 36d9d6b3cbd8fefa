package io.cpimon.alerting.lifecycle;

import io.cpimon.db.Silence;
import io.cpimon.db.SilenceStore;
import java.util.ArrayList;
import java.util.List;

/** Marks the alerts the silences active at the evaluation's now mute ({@link Silencer}). */
final class SilenceStage implements EvaluationStage {
    private final SilenceStore silences;

    SilenceStage(SilenceStore silences) {
        this.silences = silences;
    }

    @Override
    public Evaluation apply(Evaluation e) {
        List<Silence> current = silences.current(e.now());
        List<EvaluatedAlert> out = new ArrayList<>();
        for (EvaluatedAlert a : e.alerts()) {
            out.add(a.with(a.mute().silenced(Silencer.silencedBy(a.labels(), current, e.now()))));
        }
        return e.withAlerts(out);
    }
}
