package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IflowErrorRuleTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            STARTED               | STARTED  | false
            STARTING              | STARTING | false
            ERROR                 | ERROR    | true
            lower-case error      | error    | true
            null status           | null     | false
            """)
    void inError_row_expected(String name, String status, boolean fires) {
        assertThat(IflowErrorRule.inError(status)).isEqualTo(fires);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            gone a minute ago                  | 60   | 3600 | true
            gone exactly goneFor ago           | 3600 | 3600 | false
            gone long ago                      | 7200 | 3600 | false
            goneFor 0 never reports            | 60   | 0    | false
            no last-seen time (null date)      | null | 3600 | false
            """)
    void goneRecently_row_expected(String name, Long agoSeconds, long goneForSeconds, boolean fires) {
        Instant lastSeen = agoSeconds == null ? null : NOW.minusSeconds(agoSeconds);
        assertThat(IflowErrorRule.goneRecently(lastSeen, NOW, Duration.ofSeconds(goneForSeconds))).isEqualTo(fires);
    }
}
