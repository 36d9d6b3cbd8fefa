package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DurationsTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.argumentSet("milliseconds", "500ms", Duration.ofMillis(500), "500ms"),
                Arguments.argumentSet("seconds", "10s", Duration.ofSeconds(10), "10s"),
                Arguments.argumentSet("minutes", "5m", Duration.ofMinutes(5), "5m"),
                Arguments.argumentSet("hours", "24h", Duration.ofHours(24), "1d"),
                Arguments.argumentSet("days", "90d", Duration.ofDays(90), "90d"),
                Arguments.argumentSet("weeks", "2w", Duration.ofDays(14), "14d"),
                Arguments.argumentSet("years", "1y", Duration.ofDays(365), "365d"),
                Arguments.argumentSet("compound", "1h30m", Duration.ofMinutes(90), "1h30m"),
                Arguments.argumentSet("compound to ms", "1m1s1ms", Duration.ofMillis(61_001), "1m1s1ms"),
                Arguments.argumentSet("zero", "0s", Duration.ZERO, "0s"),
                Arguments.argumentSet("seconds beyond a minute", "90s", Duration.ofSeconds(90), "1m30s"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parse_validText_givesTheDurationAndFormatsBack(String text, Duration expected, String formatted) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
        assertThat(Durations.format(expected)).isEqualTo(formatted);
        assertThat(Durations.parse(Durations.format(expected))).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.argumentSet("bare number", "10", "a number needs a unit (use a unit: 10s)"),
                Arguments.argumentSet("empty", "", "empty (use a unit: 10s)"),
                Arguments.argumentSet("unknown unit", "10sec", "expected a number followed by ms, s, m, h, d, w or y, e.g. 10s or 1h30m"),
                Arguments.argumentSet("fraction", "1.5h", "expected a number followed by ms, s, m, h, d, w or y, e.g. 10s or 1h30m"),
                Arguments.argumentSet("negative", "-5m", "expected a number followed by ms, s, m, h, d, w or y, e.g. 10s or 1h30m"),
                Arguments.argumentSet("space inside", "1h 30m", "expected a number followed by ms, s, m, h, d, w or y, e.g. 10s or 1h30m"),
                Arguments.argumentSet("units out of order", "30m1h", "units must go from the largest to the smallest, each once, e.g. 1h30m"),
                Arguments.argumentSet("unit twice", "1m1m", "units must go from the largest to the smallest, each once, e.g. 1h30m"),
                Arguments.argumentSet("too large", "99999999999999999999d", "too large"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void parse_invalidText_explainsWhy(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
