package io.cpimon.alerting;

import io.cpimon.db.AlertStore;
import io.cpimon.db.Database;
import io.cpimon.db.NotificationLogStore;
import io.cpimon.db.NotificationStore;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.ProbeStore;
import io.cpimon.db.RuleQueries;
import io.cpimon.db.SilenceStore;
import java.util.Objects;

/**
 * The stores alerting reads and writes: what the rules read (probes, poll cursors, rule queries, alerts), the
 * silences, the alerts with their outbox, and the durable notification log per (group, channel). None is null.
 */
public record AlertingStores(ProbeStore probes, PollCursorStore cursors, RuleQueries ruleQueries, AlertStore alerts,
                             SilenceStore silences, NotificationStore outbox, NotificationLogStore notificationLog) {

    public AlertingStores {
        Objects.requireNonNull(probes, "probes");
        Objects.requireNonNull(cursors, "cursors");
        Objects.requireNonNull(ruleQueries, "ruleQueries");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(silences, "silences");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(notificationLog, "notificationLog");
    }

    /** The stores of one database. */
    public static AlertingStores of(Database db) {
        return new AlertingStores(db.probes(), db.cursors(), db.ruleQueries(), db.alerts(), db.silences(),
                db.notifications(), db.notificationLog());
    }
}
