package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StuckMessagesRuleTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            started just now                       | 0    | 3600 | false
            running exactly 'after' is not stuck   | 3600 | 3600 | false
            one second longer is stuck             | 3601 | 3600 | true
            long running                           | 86400| 3600 | true
            null LogStart is not judged            | null | 3600 | false
            """)
    void stuck_row_expected(String name, Long runningSeconds, long afterSeconds, boolean stuck) {
        Instant start = runningSeconds == null ? null : NOW.minusSeconds(runningSeconds);
        assertThat(StuckMessagesRule.stuck(start, NOW, Duration.ofSeconds(afterSeconds))).isEqualTo(stuck);
    }
}
