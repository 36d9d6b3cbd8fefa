package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThroughputDropRuleTest {

    static long[] days(String csv) {
        return Arrays.stream(csv.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no history at all (missing data)                  | 0   | 0 0 0 0 0 0 0           | 0.3 | 20 | false
            baseline below minBaseline                        | 0   | 19 19 19 19 19 19 19    | 0.3 | 20 | false
            baseline exactly minBaseline, nothing now         | 0   | 20 20 20 20 20 20 20    | 0.3 | 20 | true
            current exactly ratio x baseline does not fire    | 30  | 100 100 100 100 100 100 100 | 0.3 | 20 | false
            current just below ratio x baseline fires         | 29  | 100 100 100 100 100 100 100 | 0.3 | 20 | true
            days without traffic do not lower the baseline    | 29  | 100 0 0 0 0 0 0         | 0.3 | 20 | true
            normal traffic                                    | 95  | 100 110 90 100 105 95 100 | 0.3 | 20 | false
            """)
    void drops_row_expected(String name, long current, String perDay, double ratio, int minBaseline, boolean fires) {
        assertThat(ThroughputDropRule.drops(current, days(perDay), ratio, minBaseline)).isEqualTo(fires);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            usually busy iFlow silent                  | 0 | 50 50 50 | 20 | true
            usually busy iFlow with one message        | 1 | 50 50 50 | 20 | false
            rarely used iFlow silent is normal         | 0 | 2 0 1    | 20 | false
            new iFlow without history                  | 0 | 0 0 0    | 20 | false
            """)
    void silent_row_expected(String name, long current, String perDay, int minBaseline, boolean fires) {
        assertThat(ThroughputDropRule.silent(current, days(perDay), minBaseline)).isEqualTo(fires);
    }
}
