package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.AlertNotice;
import io.cpimon.alerting.channels.NoticeStatus;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * For a flush with a repeat row: which of the group's alerts are acknowledged, so that the repeat leaves them out
 * (only a repeat asks the alert store).
 */
final class AckStage implements NotificationStage {
    private final AlertStore alerts;

    AckStage(AlertStore alerts) {
        this.alerts = alerts;
    }

    @Override
    public Optional<Flush> apply(Flush f) {
        if (f.notices().stream().noneMatch(n -> n.status() == NoticeStatus.REPEAT)) {
            return Optional.of(f);
        }
        return Optional.of(f.withAcknowledged(acknowledged(f.told(), f.notices())));
    }

    private Set<String> acknowledged(List<AlertNotice> told, List<AlertNotice> rows) {
        Set<String> out = new HashSet<>();
        List<AlertNotice> all = new ArrayList<>(told);
        all.addAll(rows);
        for (AlertNotice n : all) {
            if (n.alertId() == null || n.fingerprint() == null) {
                continue;
            }
            Optional<Alert> a = alerts.get(n.alertId());
            if (a.isPresent() && a.get().ackedAt() != null) {
                out.add(n.fingerprint());
            }
        }
        return out;
    }
}
