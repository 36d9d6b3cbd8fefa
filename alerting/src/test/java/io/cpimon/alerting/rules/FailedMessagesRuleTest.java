package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailedMessagesRuleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no failure                                   | 0  | 100 | 1 | 0.1 | false
            one failure of one message                   | 1  | 1   | 1 | 0.1 | true
            background 3% of an iFlow is not an alert    | 3  | 100 | 1 | 0.1 | false
            share exactly minShare fires                 | 10 | 100 | 1 | 0.1 | true
            below minimum count                          | 4  | 4   | 5 | 0.1 | false
            exactly minimum count                        | 5  | 5   | 5 | 0.1 | true
            ended unknown (fewer than failed): all failed| 3  | 0   | 1 | 0.5 | true
            minShare 0: every failure                    | 1  | 1000| 1 | 0.0 | true
            """)
    void fires_row_expected(String name, long failed, long ended, int minMessages, double minShare, boolean fires) {
        assertThat(FailedMessagesRule.fires(failed, ended, minMessages, minShare)).isEqualTo(fires);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            null text stays null        | null                 | 10 | null
            short text unchanged        | boom                 | 10 | boom
            whitespace folded           | 'a\n  b'             | 10 | a b
            long text cut with ellipsis | 0123456789abcdef     | 10 | 012345678…
            """)
    void excerpt_row_expected(String name, String text, int max, String expected) {
        assertThat(BasicRule.excerpt(text == null ? null : text.replace("\\n", "\n"), max)).isEqualTo(expected);
    }
}
