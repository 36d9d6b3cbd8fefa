package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which failed CPI requests {@link CpiClient} retries in place, and after how long. */
class CpiRetryPauseTest {

    static CpiException failure(CpiException.Kind kind, int status, Duration retryAfter) {
        return new CpiException(kind, status, "x", retryAfter, null);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("429 with Retry-After 2 s: waits 2 s", failure(CpiException.Kind.THROTTLED, 429,
                        Duration.ofSeconds(2)), 1, Duration.ofSeconds(2)),
                Arguments.of("429 with Retry-After 0: at once", failure(CpiException.Kind.THROTTLED, 429,
                        Duration.ZERO), 1, Duration.ZERO),
                Arguments.of("429 without Retry-After: first pause", failure(CpiException.Kind.THROTTLED, 429, null),
                        1, CpiClient.FIRST_PAUSE),
                Arguments.of("503 page without Retry-After, second retry: doubled", failure(
                        CpiException.Kind.UNAVAILABLE, 503, null), 2, CpiClient.FIRST_PAUSE.multipliedBy(2)),
                Arguments.of("out of attempts", failure(CpiException.Kind.UNAVAILABLE, 503, null),
                        CpiClient.ATTEMPTS, null),
                Arguments.of("Retry-After longer than an in-place wait: left to the backoff", failure(
                        CpiException.Kind.UNAVAILABLE, 503, Duration.ofSeconds(30)), 1, null),
                Arguments.of("400: never", failure(CpiException.Kind.CLIENT_ERROR, 400, null), 1, null),
                Arguments.of("500: never", failure(CpiException.Kind.SERVER_ERROR, 500, null), 1, null),
                Arguments.of("401: never", failure(CpiException.Kind.AUTH, 401, null), 1, null),
                Arguments.of("timeout: never", failure(CpiException.Kind.TIMEOUT, 0, null), 1, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void retryPause_failureAndAttempt_pauseOrNone(String name, CpiException failure, int attempt, Duration expected) {
        assertThat(CpiClient.retryPause(failure, attempt)).isEqualTo(expected);
    }
}
