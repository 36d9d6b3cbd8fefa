package io.cpimon.alerting.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.ActionConfig;
import io.cpimon.config.Secret;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.FailoverAction;
import io.cpimon.db.FailoverAction.Direction;
import io.cpimon.db.FailoverAction.Origin;
import io.cpimon.db.FailoverAction.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a failover or failback calls for the pair's action, and whether it still holds at the re-check. */
class ActionGuardTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Instant EPISODE = NOW.minus(Duration.ofMinutes(10));
    static final ActionConfig.CallConfig CALL = new ActionConfig.CallConfig("POST", Secret.of("https://afd.example/x"),
            Map.of(), null);

    static ActionConfig config(boolean withFailback) {
        return new ActionConfig(ActionConfig.Mode.DRY_RUN, false, 3, Duration.ofMinutes(5), Duration.ofMinutes(2),
                Duration.ofMinutes(10), Duration.ofHours(1), 2, Duration.ofMinutes(1), Duration.ofSeconds(10), CALL,
                withFailback ? CALL : null);
    }

    static Alert failover(String state) {
        if (state.equals("none")) {
            return null;
        }
        return new Alert(1, "fp", "failover", Map.of("rule", "failover", "pair", "prod"), Map.of(),
                AlertState.valueOf(state), EPISODE, EPISODE, NOW, null, null, null, null);
    }

    /** An action as "direction:state:minutes before now", or null for "-". */
    static FailoverAction action(String spec) {
        if (spec.equals("-")) {
            return null;
        }
        String[] p = spec.split(":");
        Instant at = NOW.minus(Duration.ofMinutes(Long.parseLong(p[2])));
        return new FailoverAction(1, "prod", Direction.of(p[0]), Origin.ALERT, "dry-run", State.of(p[1]), "r", "a",
                "b", "cpimon", at, at, null, false, null, null, null, 0, null, null, null, null, null, null, null, null,
                at, List.of());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            healthy pair                                   | none    | 0 | true  | -                     | -                      | true  | none
            failover firing, enough failures               | FIRING  | 3 | false | -                     | -                      | true  | failover
            failover firing, one blip of failures          | FIRING  | 1 | false | -                     | -                      | true  | none
            failover only pending                          | PENDING | 5 | false | -                     | -                      | true  | none
            failures without a failover alert (flapping)   | none    | 6 | true  | -                     | -                      | true  | none
            this episode's failover was cancelled          | FIRING  | 5 | false | failback:succeeded:60 | failover:cancelled:5   | true  | none
            this episode's failover was rejected           | FIRING  | 5 | false | -                     | failover:rejected:5    | true  | none
            an older episode's failover was rejected       | FIRING  | 5 | false | -                     | failover:rejected:30   | true  | failover
            after a failback, a new failover               | FIRING  | 5 | false | failback:succeeded:30 | failback:succeeded:30  | true  | failover
            already failed over, still firing              | FIRING  | 5 | false | failover:succeeded:5  | failover:succeeded:5   | true  | none
            failed over, alert closed, primary up          | none    | 0 | true  | failover:dry_run:20   | failover:dry_run:20    | true  | failback
            failed over, alert closed, primary still down  | none    | 4 | false | failover:dry_run:20   | failover:dry_run:20    | true  | none
            failed over, alert resolving but still open    | FIRING  | 0 | true  | failover:succeeded:20 | failover:succeeded:20  | true  | none
            failed over, no failback call configured       | none    | 0 | true  | failover:succeeded:20 | failover:succeeded:20  | false | none
            failback rejected: not again by itself         | none    | 0 | true  | failover:succeeded:20 | failback:rejected:5    | true  | none
            failback cancelled at re-check: try again      | none    | 0 | true  | failover:succeeded:20 | failback:cancelled:5   | true  | failback
            """)
    void trigger_row_expected(String name, String alert, int failures, boolean primaryUp, String lastDone, String latest,
                              boolean withFailback, String expected) {
        ActionGuard.Observation o = new ActionGuard.Observation(failover(alert), failures, primaryUp, action(lastDone),
                action(latest));
        assertThat(ActionGuard.trigger(o, config(withFailback)).map(Direction::wire).orElse("none")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            failover still firing holds                 | failover | FIRING  | true  | true
            failover resolved does not hold             | failover | none    | true  | false
            failover back to pending does not hold      | failover | PENDING | false | false
            failback with alert closed and primary up   | failback | none    | true  | true
            failback while the primary is down again    | failback | none    | false | false
            failback while a new failover is open       | failback | PENDING | true  | false
            """)
    void holds_row_expected(String name, String direction, String alert, boolean primaryUp, boolean expected) {
        ActionGuard.Observation o = new ActionGuard.Observation(failover(alert), 0, primaryUp, null, null);
        assertThat(ActionGuard.holds(Direction.of(direction), o)).isEqualTo(expected);
    }
}
