package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.PollCursor;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** api_unreachable and auth_failed: both read the MPL poller's cursor; an auth failure is one, not the other. */
class CursorRulesTest {
    static final Pattern AUTH = Pattern.compile(AuthFailedConfig.AUTH_PATTERN);
    static final Instant T = Instant.parse("2026-11-24T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            never polled (no cursor)          | -1 | null                                                             | false | false
            healthy                           | 0  | null                                                             | false | false
            two network failures of three     | 2  | connection refused                                               | false | false
            three network failures            | 3  | connection refused                                               | true  | false
            503 maintenance                   | 5  | HTTP 503 from https://t/api/v1/MessageProcessingLogs             | true  | false
            401 after refresh                 | 1  | credentials rejected (HTTP 401 after a token refresh) for https://t | false | true
            token endpoint rejects client     | 4  | token endpoint https://t/oauth/token rejected client 'x' (HTTP 401) | false | true
            failures without an error text    | 3  | null                                                             | true  | false
            """)
    void cursor_row_expectedRule(String name, int failures, String error, boolean unreachable, boolean authFailed) {
        PollCursor c = failures < 0 ? null : new PollCursor("t1", "mpl", T, T, T, error, failures, 0);
        assertThat(ApiUnreachableRule.unreachable(c, 3, AUTH)).as("api_unreachable").isEqualTo(unreachable);
        assertThat(AuthFailedRule.authFailed(c, AUTH)).as("auth_failed").isEqualTo(authFailed);
    }
}
