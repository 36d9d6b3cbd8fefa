package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.RuleQueries.SendingHour;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code iflow_silent}: the threshold learned per hour of the week, silence against it, the hour of the week. */
class IflowSilentRuleTest {
    /** A Monday, 09:30 UTC: hour of the week 9. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:30:00Z"), ZoneOffset.UTC);
    static final Duration FLOOR = Duration.ofMinutes(30);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            every minute, 4 weeks: the floor            | 4    | 60     | 1800
            every hour, 4 weeks: twice its gap          | 4    | 3600   | 7200
            daily job, 2 weeks: twice a day             | 2    | 86400  | 172800
            sent in 1 week only: not usual, not judged  | 1    | 60     | null
            never sent in this hour: not judged         | null | null   | null
            gap exactly half the floor                  | 3    | 900    | 1800
            gap just over half the floor                | 3    | 901    | 1802
            """)
    void threshold_row_expected(String name, Integer weeks, Long gapSeconds, Long expectedSeconds) {
        SendingHour hour = weeks == null ? null : new SendingHour("t1", "Orders", 9, weeks, Duration.ofSeconds(gapSeconds));

        Duration t = IflowSilentRule.threshold(hour, 2, 2.0, FLOOR);

        assertThat(t).isEqualTo(expectedSeconds == null ? null : Duration.ofSeconds(expectedSeconds));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            last message 10 min ago, threshold 30 min   | 600   | 1800 | false
            exactly at the threshold                    | 1800  | 1800 | false
            one second past the threshold               | 1801  | 1800 | true
            nothing within the window                   | null  | 1800 | true
            """)
    void silent_row_expected(String name, Long agoSeconds, long thresholdSeconds, boolean expected) {
        Instant now = CLOCK.instant();
        Instant last = agoSeconds == null ? null : now.minusSeconds(agoSeconds);

        assertThat(IflowSilentRule.silent(last, now, Duration.ofSeconds(thresholdSeconds))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Monday 09:30                | 2026-11-23T09:30:00Z | 9
            Monday 00:00                | 2026-11-23T00:00:00Z | 0
            Sunday 23:59                | 2026-11-29T23:59:59Z | 167
            Wednesday 14:00             | 2026-11-25T14:00:00Z | 62
            """)
    void hourOfWeek_row_expected(String name, Instant t, int expected) {
        assertThat(IflowSilentRule.hourOfWeek(t)).isEqualTo(expected);
    }
}
