package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.JmsBrokerRow;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code jms_capacity}'s conditions, one row per condition and boundary (ratios 0.8). */
class JmsCapacityRuleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            healthy broker                    | 1000 | 9500 | 3  | 30 | 0 | 0 | false | false | false | ''
            capacity exactly at 80 %          | 7600 | 9500 | 3  | 30 | 0 | 0 | false | false | false | capacity
            capacity just below 80 %          | 7599 | 9500 | 3  | 30 | 0 | 0 | false | false | false | ''
            queues at 24 of 30                | 1000 | 9500 | 24 | 30 | 0 | 0 | false | false | false | queues
            queues at 23 of 30                | 1000 | 9500 | 23 | 30 | 0 | 0 | false | false | false | ''
            one queue in warning              | 1000 | 9500 | 3  | 30 | 1 | 0 | false | false | false | queue_state
            one queue in error                | 1000 | 9500 | 3  | 30 | 0 | 1 | false | false | false | queue_state
            consumers high                    | 1000 | 9500 | 3  | 30 | 0 | 0 | false | true  | false | consumers
            producers high                    | 1000 | 9500 | 3  | 30 | 0 | 0 | false | false | true  | producers
            transacted sessions high          | 1000 | 9500 | 3  | 30 | 0 | 0 | true  | false | false | transacted_sessions
            no maximum reported: not judged   | 9999 | 0    | 9  | 0  | 0 | 0 | false | false | false | ''
            all at once  | 9500 | 9500 | 30 | 30 | 2 | 1 | true  | true  | true  | capacity queues queue_state consumers producers transacted_sessions
            """)
    void conditions_row_expected(String name, long capacity, long max, int queues, int maxQueues, int warning, int error,
                                 boolean transacted, boolean consumers, boolean producers, String expected) {
        JmsBrokerRow b = new JmsBrokerRow("t1", capacity, max, queues, maxQueues, queues - warning - error, warning,
                error, transacted, consumers, producers, Instant.EPOCH);

        List<String> names = JmsCapacityRule.conditions(b, 0.8, 0.8).stream().map(JmsCapacityRule.Condition::name).toList();

        assertThat(names).isEqualTo(expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" ")));
    }
}
