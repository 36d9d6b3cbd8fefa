package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.CpimonConfig.PairMode;
import io.cpimon.config.RuleBasicsConfig;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.RuleQueries.Artifact;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** failover (hysteresis), failback and dr_drift decisions. */
class PairRulesTest {
    static final FailoverConfig FAILOVER = new FailoverConfig(
            new RuleBasicsConfig(true, Duration.ZERO, Duration.ZERO, "critical"), Duration.ofMinutes(10), 0.9, 0.5, 10);
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            normal: primary takes all                        | false | 100 | 0   | false | false | false
            primary down, DR not processing yet              | false | 0   | 0   | true  | false | false
            primary down, DR processing                      | false | 0   | 5   | true  | false | true
            primary down, DR down too                        | false | 0   | 5   | true  | true  | false
            DR share at enterShare, enough volume            | false | 10  | 90  | false | false | true
            DR share just below enterShare                   | false | 11  | 89  | false | false | false
            DR share 100% but below minimum volume           | false | 0   | 9   | false | false | false
            active-active normal 50/50 does not enter        | false | 50  | 50  | false | false | false
            in failover: primary still down                  | true  | 0   | 100 | true  | false | true
            in failover: too little traffic to tell, holds   | true  | 3   | 2   | false | false | true
            in failover: DR share 60% above exitShare, holds | true  | 40  | 60  | false | false | true
            in failover: DR share exactly exitShare, holds   | true  | 50  | 50  | false | false | true
            in failover: DR share below exitShare, ends      | true  | 51  | 49  | false | false | false
            in failover: traffic back on primary, ends       | true  | 100 | 0   | false | false | false
            """)
    void inFailover_row_expected(String name, boolean inFailover, long primary, long dr, boolean primaryDown, boolean drDown,
                                 boolean expected) {
        FailoverRule.PairState s = new FailoverRule.PairState(inFailover, primary, dr, primaryDown, drDown,
                PairMode.ACTIVE_PASSIVE);
        assertThat(FailoverRule.inFailover(s, FAILOVER)).isEqualTo(expected);
    }

    /** In an active-active pair a share near one half is normal: the primary serving again ends the failover. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            normal 45/55 split does not enter                 | false | 45  | 55  | false | false | false
            normal 55/45 split does not enter                 | false | 55  | 45  | false | false | false
            primary down, DR processing enters                | false | 0   | 5   | true  | false | true
            DR share at enterShare enters                     | false | 10  | 90  | false | false | true
            in failover: primary still down, holds            | true  | 0   | 100 | true  | false | true
            in failover: primary up, not processing yet, holds| true  | 0   | 100 | false | false | true
            in failover: primary up, 5% of traffic, holds     | true  | 5   | 95  | false | false | true
            in failover: too little traffic to tell, holds    | true  | 3   | 2   | false | false | true
            in failover: primary back, 45% on DR, ends        | true  | 55  | 45  | false | false | false
            in failover: primary back, 55% on DR, ends        | true  | 45  | 55  | false | false | false
            in failover: primary back, 50/50, ends            | true  | 50  | 50  | false | false | false
            in failover: primary back, 60% on DR, ends        | true  | 40  | 60  | false | false | false
            """)
    void inFailover_activeActiveRow_expected(String name, boolean inFailover, long primary, long dr,
                                             boolean primaryDown, boolean drDown, boolean expected) {
        FailoverRule.PairState s = new FailoverRule.PairState(inFailover, primary, dr, primaryDown, drDown,
                PairMode.ACTIVE_ACTIVE);
        assertThat(FailoverRule.inFailover(s, FAILOVER)).isEqualTo(expected);
    }

    static Alert failover(Instant endsAt) {
        return new Alert(1, "fp", "failover", Map.of("rule", "failover", "pair", "p"), Map.of(), AlertState.RESOLVED,
                NOW.minusSeconds(3600), NOW.minusSeconds(3600), NOW.minusSeconds(60), endsAt, null, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            no failover ever                          | -1   | false | false
            failover ended a minute ago               | 60   | false | true
            failover ended exactly window ago         | 900  | false | false
            failover ended long ago                   | 7200 | false | false
            ended but a new failover is open          | 60   | true  | false
            """)
    void failback_row_expected(String name, long endedSecondsAgo, boolean failoverOpen, boolean fires) {
        Alert last = endedSecondsAgo < 0 ? null : failover(NOW.minusSeconds(endedSecondsAgo));
        assertThat(FailbackRule.fails(last, failoverOpen, NOW, Duration.ofMinutes(15))).isEqualTo(fires);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            same version, both STARTED             | STARTED | 1.0 | STARTED | 1.0  | null
            missing on DR                          | STARTED | 1.0 | null    | null | missing
            in ERROR on DR                         | STARTED | 1.0 | ERROR   | 1.0  | in ERROR
            other version on DR                    | STARTED | 1.2 | STARTED | 1.1  | at version 1.1 (primary 1.2)
            primary not STARTED: not judged        | ERROR   | 1.0 | null    | null | null
            DR version unknown (null): no drift    | STARTED | 1.0 | STARTED | null | null
            DR STARTING is not drift               | STARTED | 1.0 | STARTING| 1.0  | null
            """)
    void drift_row_expected(String name, String pStatus, String pVersion, String drStatus, String drVersion, String expected) {
        Artifact p = new Artifact("prd", "A", "A", pVersion, pStatus, null);
        Artifact dr = drStatus == null && drVersion == null ? null : new Artifact("dr", "A", "A", drVersion, drStatus, null);
        assertThat(DrDriftRule.drift(p, dr)).isEqualTo(expected);
    }
}
