package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardLagRuleTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            nothing pending (caught up)                 | null     | null | 300 | false
            pending for a minute, maxLag 5m             | null     | 60   | 300 | false
            pending exactly maxLag                      | null     | 300  | 300 | false
            one second over maxLag                      | null     | 301  | 300 | true
            an hour behind                              | null     | 3600 | 300 | true
            maxLag 0: anything pending a second         | null     | 1    | 0   | true
            stopped and behind: forward_failed's        | HTTP 401 | 3600 | 300 | false
            """)
    void lagging_row_expected(String name, String stopped, Long pendingSeconds, long maxLagSeconds, boolean fires) {
        Instant oldest = pendingSeconds == null ? null : NOW.minusSeconds(pendingSeconds);
        assertThat(ForwardLagRule.lagging(stopped, oldest, NOW, Duration.ofSeconds(maxLagSeconds))).isEqualTo(fires);
    }
}
