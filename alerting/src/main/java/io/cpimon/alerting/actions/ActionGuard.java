package io.cpimon.alerting.actions;

import io.cpimon.config.ActionConfig;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.FailoverAction;
import io.cpimon.db.FailoverAction.Direction;
import io.cpimon.db.FailoverAction.State;
import java.util.Optional;

/**
 * When a pair's failover or failback calls for its action, and whether it still holds at the re-check: pure
 * functions of what the pair looks like now, so a flapping probe or a single blip never acts. Stateless.
 */
public final class ActionGuard {
    private ActionGuard() {}

    /**
     * What one pair looks like now.
     * @param failover nullable: the pair's open {@code failover} alert
     * @param primaryFailures the primary's failed probes within the action's window
     * @param primaryUp whether the primary's latest probe succeeded
     * @param lastDone nullable: the pair's latest action that ran (or was recorded in dry-run)
     * @param latest nullable: the pair's latest action in any state
     */
    public record Observation(Alert failover, int primaryFailures, boolean primaryUp, FailoverAction lastDone,
                              FailoverAction latest) {
        boolean failoverFiring() {
            return failover != null && failover.state() == AlertState.FIRING;
        }
    }

    /**
     * The direction an action should start in, if any. A failover needs its alert firing, {@code failures} failed
     * probes of the primary within the window, the pair not already failed over by an action, and no failover
     * action yet in this alert's episode. A failback needs a failback call configured, the last action that ran a
     * failover, the failover alert closed, the primary up, and no failback since (except one cancelled at its
     * re-check: the hysteresis then starts again).
     */
    public static Optional<Direction> trigger(Observation o, ActionConfig a) {
        boolean failedOver = o.lastDone() != null && o.lastDone().direction() == Direction.FAILOVER;
        if (!failedOver) {
            if (!o.failoverFiring() || o.primaryFailures() < a.failures()) {
                return Optional.empty();
            }
            FailoverAction l = o.latest();
            boolean thisEpisode = l != null && l.direction() == Direction.FAILOVER
                    && !l.createdAt().isBefore(o.failover().activeAt());
            return thisEpisode ? Optional.empty() : Optional.of(Direction.FAILOVER);
        }
        if (a.failback() == null || o.failover() != null || !o.primaryUp()) {
            return Optional.empty();
        }
        FailoverAction l = o.latest();
        boolean triedSince = l != null && l.direction() == Direction.FAILBACK && l.state() != State.CANCELLED;
        return triedSince ? Optional.empty() : Optional.of(Direction.FAILBACK);
    }

    /** Whether the move still holds at the re-check: the failover alert still firing, or closed with the primary up. */
    public static boolean holds(Direction d, Observation o) {
        return d == Direction.FAILOVER ? o.failoverFiring() : o.failover() == null && o.primaryUp();
    }
}
