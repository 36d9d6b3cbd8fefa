package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert state machine of one rule as a pure function: pending → firing after
 * {@code for}, firing → resolved after {@code keepFiringFor} without the condition, so that a flapping
 * condition neither fires early nor resolves early. No I/O, no clock: {@code now} is given.
 */
public final class LifecycleDecider {
    private LifecycleDecider() {}

    /**
     * @param open the rule's open alerts (PENDING or FIRING)
     * @param active the instances whose condition holds now
     */
    public static List<Transition> decide(Collection<Alert> open, Collection<AlertInstance> active, Instant now,
                                          Duration forDuration, Duration keepFiringFor) {
        Map<String, Alert> byFingerprint = new HashMap<>();
        for (Alert a : open) {
            byFingerprint.put(a.fingerprint(), a);
        }
        List<Transition> out = new ArrayList<>();
        Map<String, AlertInstance> seen = new HashMap<>();
        for (AlertInstance instance : active) {
            if (seen.putIfAbsent(instance.fingerprint(), instance) != null) {
                continue; // a rule reporting the same label set twice is one alert
            }
            Alert alert = byFingerprint.get(instance.fingerprint());
            if (alert == null) {
                AlertState state = forDuration.isZero() ? AlertState.FIRING : AlertState.PENDING;
                out.add(new Transition(Transition.Kind.OPEN, null, instance, state));
            } else if (alert.state() == AlertState.PENDING
                    && !now.isBefore(alert.activeAt().plus(forDuration))) {
                out.add(new Transition(Transition.Kind.FIRE, alert, instance, AlertState.FIRING));
            } else {
                out.add(new Transition(Transition.Kind.TOUCH, alert, instance, alert.state()));
            }
        }
        for (Alert alert : open) {
            if (seen.containsKey(alert.fingerprint())) {
                continue;
            }
            boolean resolve = alert.state() == AlertState.PENDING
                    || !now.isBefore(alert.lastActiveAt().plus(keepFiringFor));
            if (resolve) {
                out.add(new Transition(Transition.Kind.RESOLVE, alert, null, AlertState.RESOLVED));
            }
        }
        return out;
    }
}
