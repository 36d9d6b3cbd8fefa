package io.cpimon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", value = {
            // case,                           header,                           expected seconds
            "'delta-seconds',                  '120',                            120",
            "'zero',                           '0',                              0",
            "'padded',                         ' 7 ',                            7",
            "'negative is no wait',            '-5',                             0",
            "'capped at thirty minutes',       '86400',                          1800",
            "'HTTP-date in the future',        'Tue, 24 Nov 2026 10:01:30 GMT',  90",
            "'HTTP-date in the past',          'Tue, 24 Nov 2026 09:00:00 GMT',  0",
            "'HTTP-date far ahead is capped',  'Wed, 25 Nov 2026 10:00:00 GMT',  1800",
            "'garbage',                        'soon',                           null",
            "'blank',                          '  ',                             null",
            "'absent',                         null,                             null"})
    void parse_header_waitsWhatThePeerAsksWithinTheCap(String name, String header, Long expectedSeconds) {
        Duration d = RetryAfter.parse(header, NOW);
        assertThat(d).isEqualTo(expectedSeconds == null ? null : Duration.ofSeconds(expectedSeconds));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", value = {
            // case,                            retry-after-ms, Retry-After, expected millis
            "'milliseconds win',                '1500',         '120',       1500",
            "'milliseconds capped',             '99999999',     null,        1800000",
            "'unreadable ms: Retry-After',      'soon',         '7',         7000",
            "'no ms: Retry-After',              null,           '7',         7000",
            "'neither',                         null,           null,        null"})
    void parse_retryAfterMs_preferredWithinTheCap(String name, String ms, String header, Long expectedMillis) {
        Duration d = RetryAfter.parse(ms, header, NOW);
        assertThat(d).isEqualTo(expectedMillis == null ? null : Duration.ofMillis(expectedMillis));
    }
}
