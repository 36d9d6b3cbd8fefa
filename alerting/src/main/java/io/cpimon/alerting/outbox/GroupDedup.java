package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.AlertNotice;
import io.cpimon.alerting.channels.NotificationReason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, as a pure function, whether a group flush tells the channel anything new (Alertmanager's
 * {@code DedupStage.needsUpdate}): it replays the flush's outbox rows (in order) over what the
 * notification log says the channel was last told.
 * <ul>
 * <li>nothing firing before, something firing now → {@link NotificationReason#FIRST}</li>
 * <li>an alert fires that the channel was not told about → {@link NotificationReason#NEW_FIRING}</li>
 * <li>every alert the channel was told about resolved → {@link NotificationReason#ALL_RESOLVED}</li>
 * <li>some resolved → {@link NotificationReason#NEW_RESOLVED}</li>
 * <li>a repeat row and something unacknowledged still fires → {@link NotificationReason#REPEAT}</li>
 * <li>otherwise nothing is sent: an alert that fired and resolved between two flushes is never told.</li>
 * </ul>
 * Thread-safe (stateless).
 */
public final class GroupDedup {
    private GroupDedup() {}

    /**
     * @param firing every alert firing after the flush (what the log keeps)
     * @param shownFiring the firing alerts the notification shows (acknowledged ones are left out of a repeat)
     * @param resolved the alerts whose resolution the channel is told now
     */
    public record Decision(NotificationReason reason, List<AlertNotice> firing, List<AlertNotice> shownFiring,
                           List<AlertNotice> resolved) {}

    /**
     * @param told the alerts the channel was last told are firing (from the log; empty when none)
     * @param rows the flush's notices in the order they were written
     * @param acknowledged fingerprints of acknowledged alerts
     */
    public static Decision decide(List<AlertNotice> told, List<AlertNotice> rows, Set<String> acknowledged) {
        Map<String, AlertNotice> before = byFingerprint(told);
        Map<String, AlertNotice> now = new LinkedHashMap<>(before);
        Map<String, AlertNotice> resolved = new LinkedHashMap<>();
        boolean repeat = false;
        for (AlertNotice n : rows) {
            switch (n.status()) {
                case FIRING -> {
                    now.put(n.fingerprint(), n);
                    resolved.remove(n.fingerprint());
                }
                case RESOLVED -> {
                    now.remove(n.fingerprint());
                    if (before.containsKey(n.fingerprint())) {
                        resolved.put(n.fingerprint(), n);
                    }
                }
                case REPEAT -> repeat = true;
            }
        }
        List<AlertNotice> firing = sorted(now.values());
        List<AlertNotice> gone = sorted(resolved.values());
        boolean newFiring = now.keySet().stream().anyMatch(fp -> !before.containsKey(fp));
        NotificationReason reason;
        if (before.isEmpty() && !now.isEmpty()) {
            reason = NotificationReason.FIRST;
        } else if (newFiring) {
            reason = NotificationReason.NEW_FIRING;
        } else if (now.isEmpty() && !gone.isEmpty()) {
            reason = NotificationReason.ALL_RESOLVED;
        } else if (!gone.isEmpty()) {
            reason = NotificationReason.NEW_RESOLVED;
        } else if (repeat && !now.isEmpty()) {
            List<AlertNotice> unacked = firing.stream().filter(n -> !acknowledged.contains(n.fingerprint())).toList();
            if (unacked.isEmpty()) {
                return new Decision(NotificationReason.ALL_ACKNOWLEDGED, firing, List.of(), List.of());
            }
            return new Decision(NotificationReason.REPEAT, firing, unacked, List.of());
        } else {
            reason = NotificationReason.NOTHING_NEW;
        }
        return new Decision(reason, firing, firing, gone);
    }

    private static Map<String, AlertNotice> byFingerprint(List<AlertNotice> notices) {
        Map<String, AlertNotice> out = new LinkedHashMap<>();
        for (AlertNotice n : notices) {
            out.put(n.fingerprint(), n);
        }
        return out;
    }

    private static List<AlertNotice> sorted(Collection<AlertNotice> notices) {
        List<AlertNotice> out = new ArrayList<>(notices);
        out.sort(Comparator.comparing(AlertNotice::startedAt).thenComparing(AlertNotice::fingerprint));
        return out;
    }
}
