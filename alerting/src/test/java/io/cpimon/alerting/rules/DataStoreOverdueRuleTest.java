package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code datastore_overdue}'s condition, one row per boundary. */
class DataStoreOverdueRuleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nothing overdue, default threshold | 0  | 1  | false
            one overdue, default threshold     | 1  | 1  | true
            many overdue                       | 40 | 1  | true
            just below a raised threshold      | 9  | 10 | false
            exactly at a raised threshold      | 10 | 10 | true
            """)
    void overdue_row_expected(String name, long overdue, int minOverdue, boolean expected) {
        assertThat(DataStoreOverdueRule.overdue(overdue, minOverdue)).isEqualTo(expected);
    }
}
