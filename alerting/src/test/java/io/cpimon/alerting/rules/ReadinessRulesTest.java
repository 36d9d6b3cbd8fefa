package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code dr_not_ready}'s condition; {@code variable_expiring}'s is {@code ReadinessCheck.expiresWithin} (ReadinessCheckTest). */
class ReadinessRulesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ready pair, default minimum        | 100 | 100 | false
            one finding, default minimum       | 95  | 100 | true
            above a lowered minimum            | 85  | 80  | false
            exactly at a lowered minimum       | 80  | 80  | false
            below a lowered minimum            | 79  | 80  | true
            score 0                            | 0   | 1   | true
            """)
    void notReady_row_expected(String name, int score, int minScore, boolean fires) {
        assertThat(DrNotReadyRule.notReady(score, minScore)).isEqualTo(fires);
    }
}
