package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuccessRateDropRuleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no messages at all (missing data)            | 0   | 0   | 0.2 | 20 | false
            below minimum volume, all failed             | 19  | 19  | 0.2 | 20 | false
            exactly minimum volume, above threshold      | 20  | 5   | 0.2 | 20 | true
            share exactly at threshold does not fire     | 100 | 20  | 0.2 | 20 | false
            one more failure than the threshold fires    | 100 | 21  | 0.2 | 20 | true
            healthy                                      | 500 | 3   | 0.2 | 20 | false
            threshold 0: any failure fires               | 20  | 1   | 0.0 | 20 | true
            threshold 1: never fires                     | 20  | 20  | 1.0 | 20 | false
            """)
    void drops_row_expected(String name, long ended, long failed, double threshold, int minMessages, boolean fires) {
        assertThat(SuccessRateDropRule.drops(ended, failed, threshold, minMessages)).isEqualTo(fires);
    }
}
