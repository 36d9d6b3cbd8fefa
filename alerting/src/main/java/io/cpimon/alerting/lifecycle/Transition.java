package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;

/**
 * What one evaluation does to one alert.
 * @param alert the open alert concerned, null for {@link Kind#OPEN}
 * @param instance the active instance, null when the condition is gone
 * @param to the state it goes to (for OPEN: the state it opens in)
 */
public record Transition(Kind kind, Alert alert, AlertInstance instance, AlertState to) {

    public enum Kind {
        /** a new alert, PENDING, or FIRING at once when the rule's {@code for} is zero */
        OPEN,
        /** PENDING → FIRING after {@code for} */
        FIRE,
        /** the condition still holds: refresh lastActiveAt and annotations */
        TOUCH,
        /** FIRING → RESOLVED after {@code keepFiringFor} without the condition, or PENDING → RESOLVED at once */
        RESOLVE
    }

    /** Whether this transition must notify: only changes into or out of FIRING do. */
    public boolean notifies() {
        return switch (kind) {
            case OPEN, FIRE -> to == AlertState.FIRING;
            case RESOLVE -> alert != null && alert.state() == AlertState.FIRING;
            case TOUCH -> false;
        };
    }
}
